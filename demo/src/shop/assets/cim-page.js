// The page side of the integration: no card data anywhere on this page.
// <cim-checkout> (from CIM's origin) fires `cim-token` with a signed token naming the chosen
// card and address; we post that token to our own server, which verifies it and charges.
// Before the CIM session runs out (`cim-session-expiring`), we ask our server for a new one and
// hand it to the element, which carries on with whatever the shopper has typed.

const slot = document.getElementById('cim-slot');
const payButton = document.getElementById('pay-button');
const status = document.getElementById('cim-status');
const noticeBox = document.getElementById('cim-notice');
const element = () => slot.querySelector('cim-checkout');

function showNotice(kind, text) {
  noticeBox.replaceChildren();
  if (!text) return;
  const box = document.createElement('div');
  box.className = `notice ${kind}`;
  box.setAttribute('role', kind === 'error' ? 'alert' : 'status');
  box.textContent = text;
  noticeBox.append(box);
}

function busy(text) {
  if (status) status.textContent = text;
  if (payButton) payButton.disabled = Boolean(text);
}

async function postJson(url, body) {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body ?? {}) });
  return { ok: response.ok, json: await response.json().catch(() => ({})) };
}

let renewedAt = 0;

/** A fresh session from our server, handed to the element: the form stays as the shopper left it. */
async function renewSession() {
  renewedAt = Date.now();
  const { ok, json } = await postJson(slot.dataset.sessionUrl);
  if (!ok || !json.session) return showNotice('error', 'We could not reconnect to the payment service. Please reload the page.');
  element().session = json.session;
}

// A minute before the end. Sessions as short as a minute warn at once: renewing those at most
// every 10 s keeps a short-lived configuration from renewing in a loop.
slot.addEventListener('cim-session-expiring', () => {
  if (Date.now() - renewedAt > 10_000) void renewSession();
});
slot.addEventListener('cim-session-expired', () => void renewSession());

// Our own "Pay $…" button (the element has `hide-button`): submit() asks the frame for the token.
// Success arrives as `cim-token`, problems as `cim-error`; the promise only tells us it is over.
payButton?.addEventListener('click', async () => {
  busy('Confirming your payment details…');
  showNotice('info', '');
  try {
    await element().submit();
  } catch {
    busy('');
  }
});

// Enter in a card field asks us (`cim-submit`): it pays exactly as our button would, unless a payment is already under way.
slot.addEventListener('cim-submit', () => {
  if (payButton && !payButton.disabled) payButton.click();
});

slot.addEventListener('cim-token', async (event) => {
  busy('Processing your payment…');
  const { json } = await postJson(slot.dataset.payUrl, { token: event.detail.token });
  if (json.status === 'approved') {
    busy('Payment approved. Redirecting…');
    window.location.assign(json.redirect);
    return;
  }
  busy('');
  const reason = json.reasonText || json.message || 'The payment did not go through.';
  showNotice('error', json.status === 'declined' ? `Your card was declined: ${reason} Please choose another card.` : reason);
  // The form offers a new card again (number and code cleared, the rest kept); CIM has already
  // dropped a card typed for this payment, so it is not offered again nor billed later.
  if (json.status === 'declined') element().declined();
  // A token pays for one order: a new attempt needs a new session.
  await renewSession();
});

slot.addEventListener('cim-error', async (event) => {
  busy('');
  if (event.detail.code === 'session_expired') {
    showNotice('info', 'Your checkout session timed out, so we started a new one. Your cart is unchanged.');
    await renewSession();
    return;
  }
  // Anything else (a mistyped number, a network hiccup) the frame already shows the shopper.
});
