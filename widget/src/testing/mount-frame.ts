/** Mounts the frame app in the test page with the fake API and a recording bridge, for the frame's component tests. */
import { hostMessage, type FrameMessage, type HostMessage } from '@cim/shared';
import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { createApi } from '../frame/api.ts';
import { CimFrameApp } from '../frame/app.ts';
import type { Bridge } from '../frame/bridge.ts';
import { createFakeWidgetApi } from './fake-widget-api.ts';

if (!customElements.get('cim-frame-app')) customElements.define('cim-frame-app', CimFrameApp);

export const until = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(check()).to.equal(true);
};

export async function mount(session: string, configure: Partial<Extract<HostMessage, { kind: 'configure' }>['payload']> = {}) {
  const fake = createFakeWidgetApi();
  const posted: FrameMessage[] = [];
  let deliver: (m: HostMessage) => void = () => {};
  const bridge: Bridge = { connected: true, post: (m) => posted.push(structuredClone(m)), listen: (h) => ((deliver = h), () => {}) };
  const app = new CimFrameApp();
  app.api = createApi(session, fake.fetch);
  app.bridge = bridge;
  document.body.append(app);
  deliver(hostMessage('configure', { locale: 'en', hideButton: false, theme: {}, ...configure }));
  await until(() => posted.some((m) => m.kind === 'ready' || m.kind === 'error'));
  await app.updateComplete;
  // What the shopper sees once the fields have faded in (axe would measure contrast mid-fade).
  await Promise.all(document.getAnimations().map((a) => a.finished));
  const $ = <T extends HTMLElement = HTMLInputElement>(selector: string) => app.querySelector<T>(selector)!;
  return { app, posted, deliver, fake, $ };
}

export async function typeInto(input: HTMLInputElement, text: string) {
  input.focus();
  await sendKeys({ type: text });
}

export async function fillNewCard($: (s: string) => HTMLInputElement) {
  await typeInto($('#name'), 'Ada Lovelace');
  await typeInto($('#number'), '4242424242424242');
  await typeInto($('#expiry'), '1230');
  await typeInto($('#cvc'), '123');
  await typeInto($('#postal'), '10001');
}

