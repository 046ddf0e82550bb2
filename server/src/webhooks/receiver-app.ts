import { afterEach, beforeEach } from 'vitest';
import { makeTestApp } from '../test-support.ts';
import { startReceiver, type Receiver } from './test-receiver.ts';

export type TestApp = Awaited<ReturnType<typeof makeTestApp>>;

/**
 * Test support for the webhook tests: before each test of the file, a fresh test app whose
 * endpoints may be on loopback (CIM_WEBHOOKS_ALLOW_PRIVATE) and a receiver there, handed to
 * `use`; both closed after the test.
 */
export function withReceiverApp(use: (t: TestApp, receiver: Receiver) => void): void {
  let t: TestApp;
  let receiver: Receiver;
  beforeEach(async () => {
    t = await makeTestApp({ env: { CIM_WEBHOOKS_ALLOW_PRIVATE: '1' } });
    receiver = await startReceiver();
    use(t, receiver);
  });
  afterEach(async () => {
    await receiver.close();
    await t.cleanup();
  });
}
