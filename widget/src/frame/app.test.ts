import { hostMessage } from '@cim/shared';
import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { ApiError } from './api.ts';
import { fillNewCard, mount, typeInto, until } from '../testing/mount-frame.ts';

afterEach(() => document.querySelectorAll('cim-frame-app').forEach((el) => el.remove()));

describe('frame app', () => {
  it('new card form, wallet and vault views pass axe', async () => {
    for (const session of ['cs_new', 'cs_returning', 'cs_vault', 'cs_full']) {
      const { app } = await mount(session);
      await expect(app).to.be.accessible();
      app.remove();
    }
  });

  it('labels every input and uses the standard autocomplete tokens and inputmode', async () => {
    const { $ } = await mount('cs_new');
    const expected: Record<string, [string, string | null]> = {
      name: ['cc-name', null], number: ['cc-number', 'numeric'], expiry: ['cc-exp', 'numeric'], cvc: ['cc-csc', 'numeric'],
      postal: ['billing postal-code', 'numeric'], 'ship-line1': ['shipping address-line1', null], 'ship-postal': ['shipping postal-code', null],
    };
    for (const [id, [autocomplete, inputmode]] of Object.entries(expected)) {
      const input = $(`#${id}`);
      expect(input.getAttribute('autocomplete'), id).to.equal(autocomplete);
      expect(input.getAttribute('inputmode'), id).to.equal(inputmode);
      expect(input.labels?.length, id).to.equal(1);
    }
    expect($<HTMLSelectElement>('#country').getAttribute('autocomplete')).to.equal('billing country');
    // All in one form, so autofill fills them together.
    expect($('#name').form).to.equal($('#cvc').form);
  });

  it('formats the number by brand and sizes the code', async () => {
    const { $ } = await mount('cs_noship');
    await typeInto($('#number'), '378282246310005');
    expect($('#number').value).to.equal('3782 822463 10005');
    expect($('#cvc').maxLength).to.equal(4);
    $('#number').value = '';
    await typeInto($('#number'), '6212345678901234567');
    expect($('#number').value).to.equal('6212 3456 7890 1234 567');
    $('#number').value = '';
    await typeInto($('#number'), '42424242424242429999');
    expect($('#number').value).to.equal('4242 4242 4242 4242 999');
    await typeInto($('#expiry'), '430');
    expect($('#expiry').value).to.equal('04 / 30');
  });

  it('shows an error after blur, tied by aria-describedby and announced', async () => {
    const { $, app, posted } = await mount('cs_noship');
    await typeInto($('#number'), '4242');
    expect(app.querySelector('#number-error')).to.equal(null);
    $('#expiry').focus();
    await app.updateComplete;
    expect($('#number').getAttribute('aria-invalid')).to.equal('true');
    expect($('#number').getAttribute('aria-describedby')).to.equal('number-error');
    expect($('#number-error').textContent).to.contain('Your card number is incomplete.');
    expect(app.querySelector('[role="status"]')!.textContent).to.contain('Your card number is incomplete.');
    const change = posted.filter((m) => m.kind === 'change').at(-1)!;
    expect(change.payload).to.deep.include({ complete: false, empty: false, brand: 'visa' });
  });

  it('saves a new card and confirms in one request; no card digit ever leaves in a message', async () => {
    const { $, posted, fake } = await mount('cs_noship');
    await fillNewCard($);
    $<HTMLButtonElement>('button.pay').click();
    await until(() => posted.some((m) => m.kind === 'token'));
    const token = posted.find((m) => m.kind === 'token')!;
    expect(token.payload).to.deep.include({ card: { brand: 'visa', last4: '4242', expMonth: 12, expYear: 2030 } });
    const writes = fake.received.filter((r) => r.method !== 'GET');
    expect(writes.map((r) => r.path)).to.deep.equal(['/payment-profiles']);
    expect(writes[0]!.body).to.deep.include({ card: { number: '4242424242424242', expMonth: 12, expYear: 2030, cvc: '123' }, confirm: true });
    expect(token.payload).to.deep.include({ token: `fake.${fake.wallets.cs_noship!.paymentProfiles[0]!.id}.token` });
    const wire = JSON.stringify(posted);
    expect(wire).not.to.contain('424242424242');
    expect(wire).not.to.match(/"cvc"|"number"/);
  });

  it('after the page reports a decline, offers the new-card form again: number and code empty, the rest kept', async () => {
    const { $, app, posted, deliver, fake } = await mount('cs_noship');
    await fillNewCard($);
    $<HTMLButtonElement>('button.pay').click();
    await until(() => posted.some((m) => m.kind === 'token'));
    await app.updateComplete;
    // The server deleted the declined card when the page's charge was declined.
    fake.wallets.cs_noship!.paymentProfiles = [];
    fake.wallets.cs_noship!.defaults.paymentProfileId = null;
    deliver(hostMessage('declined', {}));
    await until(() => app.state.notice?.tone === 'error');
    await app.updateComplete;
    expect(app.state.cardChoice).to.equal('new');
    expect($('#number').value).to.equal('');
    expect($('#cvc').value).to.equal('');
    expect($('#name').value).to.equal('Ada Lovelace');
    expect($('#expiry').value).to.equal('12 / 30');
    expect($('#postal').value).to.equal('10001');
    expect(app.querySelector('.notice.error')!.textContent).to.contain('Your card was declined. Try another card.');
    expect(app.querySelector('[role="status"]')!.textContent).to.contain('Your card was declined.');
    expect(document.activeElement).to.equal($('#number'));
    expect(app.querySelectorAll('input[name="card"]:not([value="new"])').length).to.equal(0);
    // Typing another card and paying again saves it and answers a new token.
    await typeInto($('#number'), '5555555555554444');
    await typeInto($('#cvc'), '321');
    $<HTMLButtonElement>('button.pay').click();
    await until(() => posted.filter((m) => m.kind === 'token').length === 2);
    const writes = fake.received.filter((r) => r.method !== 'GET');
    expect(writes.at(-1)!.body).to.deep.include({ card: { number: '5555555555554444', expMonth: 12, expYear: 2030, cvc: '321' } });
  });

  it('with a new shipping address, saves it first and names it in the card save that answers the token', async () => {
    const { $, posted, fake } = await mount('cs_new');
    await fillNewCard($);
    await typeInto($('#ship-name'), 'Ada Lovelace');
    await typeInto($('#ship-line1'), '1 Main St');
    await typeInto($('#ship-city'), 'New York');
    await typeInto($('#ship-postal'), '10001');
    $<HTMLButtonElement>('button.pay').click();
    await until(() => posted.some((m) => m.kind === 'token'));
    const writes = fake.received.filter((r) => r.method !== 'GET');
    expect(writes.map((r) => r.path)).to.deep.equal(['/shipping-addresses', '/payment-profiles']);
    const addressId = fake.wallets.cs_new!.shippingAddresses[0]!.id;
    expect(writes[1]!.body).to.deep.include({ confirm: true, shippingAddressId: addressId });
    expect(posted.find((m) => m.kind === 'token')!.payload).to.deep.include({ token: `fake.${fake.wallets.cs_new!.paymentProfiles[0]!.id}.token` });
  });

  it('keeps a new address it saved selected when the card save then fails, and a retry does not save it again', async () => {
    const { $, app, posted, fake } = await mount('cs_new');
    await fillNewCard($);
    await typeInto($('#ship-name'), 'Ada Lovelace');
    await typeInto($('#ship-line1'), '1 Main St');
    await typeInto($('#ship-city'), 'New York');
    await typeInto($('#ship-postal'), '10001');
    const api = app.api;
    app.api = { ...api, addCardAndConfirm: async () => Promise.reject(new ApiError('rate_limited', 'Too many requests.', 429)) };
    $<HTMLButtonElement>('button.pay').click();
    await until(() => posted.some((m) => m.kind === 'error'));
    await app.updateComplete;
    const addressId = fake.wallets.cs_new!.shippingAddresses[0]!.id;
    expect($(`input[name="address"][value="${addressId}"]`).checked).to.equal(true);
    expect($('#number').value).to.equal('4242 4242 4242 4242');

    app.api = api;
    $<HTMLButtonElement>('button.pay').click();
    await until(() => posted.some((m) => m.kind === 'token'));
    const writes = fake.received.filter((r) => r.method !== 'GET');
    expect(writes.map((r) => r.path)).to.deep.equal(['/shipping-addresses', '/payment-profiles']);
    expect(writes[1]!.body).to.deep.include({ confirm: true, shippingAddressId: addressId });
  });

  it('submit with errors focuses the first invalid field and answers the request', async () => {
    const { $, posted, deliver } = await mount('cs_noship', { hideButton: true });
    expect(document.querySelector('button.pay')).to.equal(null);
    deliver(hostMessage('submit', { requestId: 'r1' }));
    await until(() => posted.some((m) => m.kind === 'error'));
    expect(posted.find((m) => m.kind === 'error')!.payload).to.deep.include({ requestId: 'r1', code: 'invalid_request' });
    expect(document.activeElement).to.equal($('#name'));
  });

  it('preselects the default saved card and address; expired cards are shown, not selectable', async () => {
    const { $, posted, deliver } = await mount('cs_returning');
    expect($('input[name="card"][value="2000000001"]').checked).to.equal(true);
    expect($('input[name="card"][value="2000000003"]').disabled).to.equal(true);
    expect($('input[name="address"][value="3000000001"]').checked).to.equal(true);
    $('input[name="card"][value="2000000002"]').click();
    deliver(hostMessage('submit', { requestId: 'r2' }));
    await until(() => posted.some((m) => m.kind === 'token'));
    expect(posted.find((m) => m.kind === 'token')!.payload).to.deep.equal({
      requestId: 'r2', token: 'fake.2000000002.token', card: { brand: 'mastercard', last4: '4444', expMonth: 8, expYear: 2029 },
    });
  });

  it('reports an expired session', async () => {
    const { posted, app } = await mount('cs_expired');
    expect(posted.find((m) => m.kind === 'error')!.payload).to.deep.equal({ code: 'session_expired', message: 'This payment session has expired. Reload the page to start again.' });
    expect(app.textContent).to.contain('expired');
  });

  it('ticks "save as my default card" only when the shopper has no default card yet', async () => {
    const ticked = async (session: string, open: (app: HTMLElement) => Promise<void>) => {
      const { app } = await mount(session);
      await open(app);
      const box = app.querySelector<HTMLInputElement>('#card-default')!;
      const checked = box.checked;
      app.remove();
      return checked;
    };
    const none = async () => {};
    const addCard = async (app: HTMLElement) => {
      app.querySelector<HTMLButtonElement>('[data-action="add-card"]')!.click();
      await (app as unknown as { updateComplete: Promise<unknown> }).updateComplete;
    };
    const useNewCard = async (app: HTMLElement) => {
      const radio = app.querySelector<HTMLInputElement>('input[name="card"][value="new"]')!;
      radio.click();
      await (app as unknown as { updateComplete: Promise<unknown> }).updateComplete;
    };
    expect(await ticked('cs_new', none)).to.equal(true);
    expect(await ticked('cs_vault', addCard)).to.equal(false);
    expect(await ticked('cs_returning', useNewCard)).to.equal(false);
  });

  it('names the bound amount on its button in the shopper\'s language; without one it says Continue', async () => {
    const label = async (session: string, locale: string) => {
      const { app } = await mount(session, { locale });
      const text = app.querySelector('button.pay')!.textContent!.trim();
      app.remove();
      return text;
    };
    expect(await label('cs_amount', 'en')).to.equal('Pay $14.00');
    expect(await label('cs_amount', 'de')).to.equal('14,00\u00a0$ zahlen');
    expect(await label('cs_amount', 'fr')).to.equal('Payer 14,00\u00a0$US');
    expect(await label('cs_noship', 'en')).to.equal('Continue');
  });

  it('speaks French, German and Spanish', async () => {
    for (const [locale, label] of [['fr-CA', 'Numéro de carte'], ['de', 'Kartennummer'], ['es', 'Número de tarjeta']]) {
      const { app } = await mount('cs_noship', { locale });
      await until(() => app.querySelector('label[for="number"]')?.textContent === label);
      expect(document.documentElement.lang).to.equal(locale!.slice(0, 2));
      app.remove();
    }
  });

  it('vault mode manages cards without a confirm', async () => {
    const { app, $, posted, fake } = await mount('cs_vault');
    expect(app.querySelector('button.pay')).to.equal(null);
    expect(app.querySelector('input[type="radio"]')).to.equal(null);
    $<HTMLButtonElement>('[data-action="add-card"]').click();
    await app.updateComplete;
    await fillNewCard($);
    $<HTMLButtonElement>('button[type="submit"]').click();
    await until(() => app.textContent!.includes('Card saved.'));
    $<HTMLButtonElement>('[data-remove="2000000002"]').click();
    await app.updateComplete;
    $<HTMLButtonElement>('.confirm [data-action="confirm-remove"]').click();
    await until(() => fake.received.some((r) => r.method === 'DELETE'));
    await until(() => !app.querySelector('[data-remove="2000000002"]'));
    expect(posted.some((m) => m.kind === 'token')).to.equal(false);
  });

  it('vault mode: a card the processor refuses is shown inline, the form stays open as typed and nothing is listed', async () => {
    const { app, $, fake } = await mount('cs_vault');
    const before = fake.wallets.cs_vault!.paymentProfiles.length;
    $<HTMLButtonElement>('[data-action="add-card"]').click();
    await app.updateComplete;
    await typeInto($('#name'), 'Ada Lovelace');
    await typeInto($('#number'), '4000000000009995');
    await typeInto($('#expiry'), '1230');
    await typeInto($('#cvc'), '123');
    await typeInto($('#postal'), '10001');
    $<HTMLButtonElement>('button[type="submit"]').click();
    await until(() => app.state.notice?.tone === 'error');
    await app.updateComplete;
    expect(app.querySelector('.notice.error')!.textContent).to.contain('Your bank did not accept this card.');
    expect(app.state.vaultForm).to.equal('card');
    expect($('#name').value).to.equal('Ada Lovelace');
    expect(fake.wallets.cs_vault!.paymentProfiles.length).to.equal(before);
  });

  it('vault mode: makes a saved card the default and gives one a new expiry, the number never typed', async () => {
    const { app, $, fake } = await mount('cs_vault');
    const [first, second] = fake.wallets.cs_vault!.paymentProfiles;
    const target = first!.isDefault ? second! : first!;
    $<HTMLButtonElement>(`[data-action="make-default"][data-id="${target.id}"]`).click();
    await until(() => app.state.notice?.text === 'Card updated.');
    await until(() => app.state.wallet!.defaults.paymentProfileId === target.id);
    expect(fake.received.filter((r) => r.method === 'PATCH').map((r) => [r.path, r.body])).to.deep.equal([[`/payment-profiles/${target.id}`, { isDefault: true }]]);
    expect(app.querySelector(`[data-action="make-default"][data-id="${target.id}"]`)).to.equal(null);

    $<HTMLButtonElement>(`[data-action="edit-expiry"][data-id="${target.id}"]`).click();
    await app.updateComplete;
    await until(() => document.activeElement === $('#edit-expiry'));
    expect($('#edit-expiry').labels?.length).to.equal(1);
    await typeInto($('#edit-expiry'), '0120');
    expect($('#edit-expiry').value).to.equal('01 / 20');
    await sendKeys({ press: 'Enter' });
    await until(() => app.state.notice?.tone === 'error');
    expect(app.querySelector('.notice.error')!.textContent).to.contain('Your card’s expiry date is in the past.');
    $('#edit-expiry').value = '';
    await typeInto($('#edit-expiry'), '0433');
    await sendKeys({ press: 'Enter' });
    await until(() => app.state.wallet!.paymentProfiles.find((p) => p.id === target.id)!.card!.expYear === 2033);
    const patches = fake.received.filter((r) => r.method === 'PATCH').map((r) => r.body);
    expect(patches.at(-1)).to.deep.equal({ expMonth: 4, expYear: 2033 });
    expect(app.state.wallet!.paymentProfiles.find((p) => p.id === target.id)!.card).to.deep.include({ expMonth: 4, expYear: 2033 });
    expect(JSON.stringify(fake.received.filter((r) => r.method === 'PATCH'))).not.to.match(/number|cvc/);
    await expect(app).to.be.accessible();
  });

  it('asks before removing a saved card: a labelled question, focus on "Keep", Escape keeps it', async () => {
    const { app, $, fake } = await mount('cs_returning');
    const trash = $<HTMLButtonElement>('[data-remove="2000000002"]');
    expect(trash.getAttribute('aria-label')).to.equal('Remove Mastercard ending in 4444');
    trash.click();
    await until(() => document.activeElement === app.querySelector('.confirm [data-action="keep"]'));
    const group = $<HTMLElement>('.confirm');
    expect(group.getAttribute('role')).to.equal('group');
    expect(document.getElementById(group.getAttribute('aria-labelledby')!)!.textContent).to.equal('Remove Mastercard ending in 4444?');
    await expect(app).to.be.accessible();
    expect(fake.received.some((r) => r.method === 'DELETE')).to.equal(false);

    await sendKeys({ press: 'Escape' });
    await until(() => app.querySelector('.confirm') === null && document.activeElement === trash);
    expect(fake.received.some((r) => r.method === 'DELETE')).to.equal(false);

    trash.click();
    await until(() => document.activeElement === app.querySelector('.confirm [data-action="keep"]'));
    $<HTMLButtonElement>('.confirm [data-action="keep"]').click();
    await until(() => app.querySelector('.confirm') === null);
    expect(fake.received.some((r) => r.method === 'DELETE')).to.equal(false);

    trash.click();
    await app.updateComplete;
    $<HTMLButtonElement>('.confirm [data-action="confirm-remove"]').click();
    await until(() => !app.querySelector('[data-remove="2000000002"]'));
    expect(fake.received.filter((r) => r.method === 'DELETE').map((r) => r.path)).to.deep.equal(['/payment-profiles/2000000002']);
    expect(app.querySelector('[role="status"]')!.textContent).to.contain('Mastercard ending in 4444 removed.');
    expect(document.activeElement?.closest('fieldset')?.querySelector('legend')?.textContent).to.equal('Payment method');
  });
});
