import { describe, expect, it } from 'vitest';
import { decodeFrameMessage, decodeHostMessage, frameMessage, hostMessage } from './messages.ts';

const card = { brand: 'visa', last4: '1111', expMonth: 12, expYear: 2030 } as const;

describe('element↔frame messages', () => {
  it('round-trips every frame message kind', () => {
    const messages = [
      frameMessage('hello', {}),
      frameMessage('ready', { mode: 'checkout' }),
      frameMessage('resize', { height: 412 }),
      frameMessage('change', { complete: false, empty: false, brand: 'amex', errors: [{ field: 'number', code: 'invalid_card_number', message: 'The card number is not valid.' }] }),
      frameMessage('token', { requestId: 'r1', token: 'eyJ.a.b', card }),
      frameMessage('error', { code: 'session_expired', message: 'The session has expired.' }),
    ];
    for (const m of messages) expect(decodeFrameMessage(structuredClone(m))).toEqual(m);
  });

  it('round-trips host messages', () => {
    const configure = hostMessage('configure', { locale: 'fr', hideButton: true, theme: { '--cim-color-primary': '#635bff' } });
    expect(decodeHostMessage(configure)).toEqual(configure);
    expect(decodeHostMessage(hostMessage('submit', { requestId: 'r1' }))).toEqual({ v: 1, kind: 'submit', payload: { requestId: 'r1' } });
  });

  it('refuses another version, an unknown kind and foreign shapes', () => {
    expect(decodeFrameMessage({ v: 2, kind: 'hello', payload: {} })).toBeNull();
    expect(decodeFrameMessage({ v: 1, kind: 'explode', payload: {} })).toBeNull();
    expect(decodeFrameMessage('{"v":1,"kind":"hello","payload":{}}')).toBeNull();
    expect(decodeFrameMessage(null)).toBeNull();
    expect(decodeHostMessage(frameMessage('hello', {}))).toBeNull();
  });

  it('has no room for card data: extra fields and a full number in last4 are refused', () => {
    expect(decodeFrameMessage({ v: 1, kind: 'change', payload: { complete: true, empty: false, errors: [], number: '4111111111111111' } })).toBeNull();
    expect(decodeFrameMessage({ v: 1, kind: 'token', payload: { token: 't', card: { ...card, last4: '4111111111111111' } } })).toBeNull();
    expect(decodeFrameMessage({ v: 1, kind: 'token', payload: { token: 't', card: { ...card, cvc: '123' } } })).toBeNull();
  });

  it('refuses theme properties outside the list', () => {
    expect(decodeHostMessage({ v: 1, kind: 'configure', payload: { locale: 'en', hideButton: false, theme: { 'background-image': 'url(x)' } } })).toBeNull();
  });
});
