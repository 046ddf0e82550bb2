import { frameMessage, hostMessage, type FrameMessage } from '@cim/shared';
import { expect } from '@open-wc/testing';
import { createBridge } from './bridge.ts';

/** A stand-in parent window that records what the frame posts to it, and to which origin. */
function fakeParent() {
  const posted: Array<{ message: unknown; origin: string }> = [];
  const parent = { postMessage: (message: unknown, origin: string) => posted.push({ message, origin }) } as unknown as Window;
  return { parent, posted };
}

describe('frame bridge', () => {
  it('posts protocol messages to the exact parent origin only', () => {
    const { parent, posted } = fakeParent();
    createBridge('https://shop.example', parent).post(frameMessage('hello', {}));
    expect(posted).to.deep.equal([{ message: { v: 1, kind: 'hello', payload: {} }, origin: 'https://shop.example' }]);
  });

  it('refuses to post a message that carries anything outside the strict protocol (a card number riding along)', () => {
    const { parent, posted } = fakeParent();
    const bridge = createBridge('https://shop.example', parent);
    const card = { brand: 'visa', last4: '1111', expMonth: 12, expYear: 2030, number: '4111111111111111' } as never;
    const logged: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => logged.push(args);
    try {
      bridge.post(frameMessage('token', { token: 'a.b.c', card }));
      bridge.post({ v: 1, kind: 'hello', payload: {}, cvc: '123' } as unknown as FrameMessage);
    } finally {
      console.error = original;
    }
    expect(posted).to.deep.equal([]);
    expect(logged).to.have.length(2);
    expect(JSON.stringify(logged)).not.to.contain('4111111111111111');
  });

  it('ignores a message from the right origin but another window than the parent', () => {
    const { parent } = fakeParent();
    const heard: unknown[] = [];
    const stop = createBridge(window.location.origin, parent).listen((m) => heard.push(m));
    const good = hostMessage('submit', { requestId: '1' });
    window.dispatchEvent(new MessageEvent('message', { data: good, origin: window.location.origin, source: window }));
    stop();
    expect(heard).to.deep.equal([]);
  });
});
