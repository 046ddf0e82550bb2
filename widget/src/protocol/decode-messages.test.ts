import { decodeFrameMessage as zodDecode, decodeHostMessage as zodDecodeHost, frameMessage, hostMessage } from '@cim/shared';
import { expect } from '@open-wc/testing';
import { decodeFrameMessage } from './decode-frame-message.ts';
import { decodeHostMessage } from './decode-host-message.ts';

const card = { brand: 'visa', last4: '1111', expMonth: 12, expYear: 2030 };
const good = [
  frameMessage('hello', {}),
  frameMessage('ready', { mode: 'vault' }),
  frameMessage('resize', { height: 412.5 }),
  frameMessage('change', { complete: true, empty: false, brand: 'amex', errors: [] }),
  frameMessage('change', { complete: false, empty: true, errors: [{ field: 'number', code: 'invalid_card_number', message: 'x' }] }),
  frameMessage('submit', {}),
  frameMessage('expiring', { seconds: 60 }),
  frameMessage('expired', {}),
  frameMessage('token', { token: 'a.b.c', card: card as never }),
  frameMessage('token', { requestId: '7', token: 'a.b.c', card: card as never }),
  frameMessage('error', { code: 'session_expired', message: 'Expired.' }),
];

/** Each good message broken in one way. */
function variants(m: Record<string, unknown>): unknown[] {
  const p = m.payload as Record<string, unknown>;
  return [
    { ...m, v: 2 }, { ...m, kind: 'nope' }, { ...m, extra: 1 }, { ...m, payload: { ...p, number: '4111111111111111' } },
    { ...m, payload: null }, { ...m, payload: [] }, JSON.stringify(m), { v: m.v, kind: m.kind },
    ...Object.keys(p).flatMap((key) => [
      { ...m, payload: { ...p, [key]: undefined } }, { ...m, payload: { ...p, [key]: 42 } }, { ...m, payload: { ...p, [key]: 'x'.repeat(5000) } },
      { ...m, payload: { ...p, [key]: { ...(p[key] as object), cvc: '123' } } }, { ...m, payload: { ...p, [key]: Number.NaN } },
    ]),
    { ...m, payload: { ...p, card: { ...card, last4: '41111' } } }, { ...m, payload: { ...p, card: { ...card, expMonth: 13 } } },
    { ...m, payload: { ...p, height: Infinity } }, { ...m, payload: { ...p, height: -1 } }, { ...m, payload: { ...p, brand: 'bogus' } },
    { ...m, payload: { ...p, errors: [{ field: 'n', code: 'c' }] } }, { ...m, payload: { ...p, requestId: undefined } },
    // Names every object inherits are still unknown keys: `in` would have let them (and whatever they carry) through.
    ...['toString', 'constructor', 'valueOf', 'hasOwnProperty'].flatMap((key) => [{ ...m, [key]: '4111111111111111' }, { ...m, payload: { ...p, [key]: '4111111111111111' } }]),
    { ...m, payload: { ...p, card: { ...card, toString: '4111111111111111' } } },
  ];
}

describe("the loader's decoder", () => {
  it('gives the same verdict as the zod schema in shared/src/messages.ts', () => {
    const corpus = [...good, ...good.flatMap((m) => variants(m as never)), null, 1, 'x', [], {}];
    for (const data of corpus) {
      expect(decodeFrameMessage(data) !== null, JSON.stringify(data)).to.equal(zodDecode(data) !== null);
    }
    for (const m of good) expect(decodeFrameMessage(m)).to.deep.equal(m);
  });
});

const goodHost = [
  hostMessage('configure', { locale: 'fr-CA', hideButton: true, theme: {} }),
  hostMessage('configure', { locale: 'en', hideButton: false, theme: { '--cim-radius': '0', '--cim-color-primary': '#123456' } }),
  hostMessage('submit', { requestId: '12' }),
  hostMessage('session', { token: `cs_${'a'.repeat(43)}` }),
  hostMessage('declined', {}),
];

describe("the frame's decoder", () => {
  it('gives the same verdict as the zod schema in shared/src/messages.ts', () => {
    const themed = goodHost[1] as unknown as Record<string, unknown>;
    const theme = (t: unknown) => ({ ...themed, payload: { ...(themed.payload as object), theme: t } });
    const corpus = [
      ...goodHost, ...goodHost.flatMap((m) => variants(m as never)), null, 1, 'x', [], {},
      theme({ '--cim-other': 'x' }), theme({ '--cim-radius': 4 }), theme({ '--cim-radius': 'x'.repeat(201) }), theme({ '--cim-radius': undefined }),
      theme([]), theme(null), theme({ toString: 'x' }), theme({ '__proto__': 'x' }),
      hostMessage('session', { token: `cs_${'a'.repeat(42)}` }), hostMessage('session', { token: `sk_${'a'.repeat(43)}` }), hostMessage('session', { token: `cs_${'a'.repeat(42)}!` }),
    ];
    for (const data of corpus) {
      expect(decodeHostMessage(data) !== null, JSON.stringify(data)).to.equal(zodDecodeHost(data) !== null);
    }
    for (const m of goodHost) expect(decodeHostMessage(m)).to.deep.equal(m);
  });
});
