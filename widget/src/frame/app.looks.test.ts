import { hostMessage, type HostMessage } from '@cim/shared';
import { expect } from '@open-wc/testing';
import { contrast } from '../testing/contrast.ts';
import { fillNewCard, mount, until } from '../testing/mount-frame.ts';

afterEach(() => document.querySelectorAll('cim-frame-app').forEach((el) => el.remove()));

const settled = () => Promise.all(document.getAnimations().map((a) => a.finished));
const look = (el: Element) => {
  const c = getComputedStyle(el);
  return { border: c.borderTopColor, shadow: c.boxShadow, outline: `${c.outlineStyle} ${c.outlineColor}` };
};
const fieldsOf = (app: HTMLElement) => [...app.querySelectorAll<HTMLInputElement | HTMLSelectElement>("input:not([type='radio']):not([type='checkbox']), select")];

const THEMES: Array<[string, Extract<HostMessage, { kind: 'configure' }>['payload']['theme']]> = [
  ['default', {}],
  ['dark', { '--cim-color-background': '#1a1b25', '--cim-color-text': '#f0f0f5', '--cim-color-primary': '#7aa7ff', '--cim-color-danger': '#ff7a8a' }],
];

describe('frame app looks', () => {
  for (const [name, theme] of THEMES) {
    it(`every field shows a focus ring at 3:1 or more when focused (${name} theme)`, async () => {
      const { app } = await mount('cs_full', { theme });
      const fields = fieldsOf(app);
      expect(fields.length).to.be.greaterThan(8);
      for (const el of fields) {
        const before = look(el);
        el.focus();
        await settled();
        expect(el.matches(':focus-visible'), el.id).to.equal(true);
        const after = look(el);
        expect(after, el.id).to.not.deep.equal(before);
        // WCAG 2.2 1.4.11: the indicator (the border that turns primary) against the field's background.
        expect(contrast(after.border, getComputedStyle(el).backgroundColor), `${el.id} focus ring`).to.be.at.least(3);
        el.blur();
        await settled();
      }
    });

    it(`every required field shows a danger border at 3:1 or more and a 4.5:1 message when invalid (${name} theme)`, async () => {
      const { app, deliver } = await mount('cs_full', { theme });
      const valid = new Map(fieldsOf(app).map((el) => [el.id, look(el)]));
      deliver(hostMessage('submit', { requestId: 'r1' }));
      await until(() => app.querySelector('[aria-invalid="true"]') !== null);
      (document.activeElement as HTMLElement | null)?.blur();
      await settled();
      const invalid = fieldsOf(app).filter((el) => el.getAttribute('aria-invalid') === 'true');
      expect(invalid.map((el) => el.id)).to.include.members(['name', 'number', 'expiry', 'cvc', 'line1', 'city', 'postal']);
      for (const el of invalid) {
        const after = look(el);
        expect(after, el.id).to.not.deep.equal(valid.get(el.id));
        const background = getComputedStyle(el).backgroundColor;
        expect(contrast(after.border, background), `${el.id} border`).to.be.at.least(3);
        const message = app.querySelector(`#${el.id}-error`)!;
        expect(contrast(getComputedStyle(message).color, getComputedStyle(document.body).backgroundColor === 'rgba(0, 0, 0, 0)' ? background : getComputedStyle(document.body).backgroundColor), `${el.id} message`).to.be.at.least(4.5);
      }
    });
  }

  it("every notice's icon draws (a non-zero box), error and success alike", async () => {
    const expired = await mount('cs_expired');
    const errorIcon = expired.app.querySelector('.notice.error svg circle');
    expect(errorIcon).to.be.instanceOf(SVGCircleElement);
    expect(errorIcon!.getBoundingClientRect().width).to.be.greaterThan(0);
    expired.app.remove();

    const { app, $, posted } = await mount('cs_noship');
    await fillNewCard($);
    app.querySelector('form')!.requestSubmit();
    await until(() => posted.some((m) => m.kind === 'token'));
    await until(() => app.querySelector('.notice.success') !== null);
    const successIcon = app.querySelector('.notice.success svg path');
    expect(successIcon).to.be.instanceOf(SVGPathElement);
    expect(successIcon!.getBoundingClientRect().width).to.be.greaterThan(0);
  });
});
