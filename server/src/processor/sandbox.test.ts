import { describe, expect, it } from 'vitest';
import { SandboxProcessor } from './sandbox.ts';
import { ProcessorTimeoutError, type AuthorizeRequest } from './types.ts';

const request = (over: Partial<AuthorizeRequest> = {}): AuthorizeRequest => ({
  reference: 'ref-1',
  merchantId: 'm',
  amountMinor: 1000,
  currency: 'USD',
  capture: true,
  payment: { type: 'card', number: '4111111111111111', expMonth: 12, expYear: 2030, brand: 'visa' },
  billTo: { address: '1 Main St', zip: '10001' },
  ...over,
});

describe('SandboxProcessor', () => {
  it('is idempotent on the reference: the same call answers the same and moves money once', async () => {
    const sandbox = new SandboxProcessor();
    const first = await sandbox.authorize(request());
    const second = await sandbox.authorize(request());
    expect(second).toEqual(first);
    expect(first).toMatchObject({ status: 'approved', responseCode: 1, avsResult: 'Y', processorTransactionId: 'sbx_ref-1' });
    expect(sandbox.executions('ref-1')).toBe(1);
  });

  it('loses the first answer for 70.02 and gives it on the next call with the same reference', async () => {
    const sandbox = new SandboxProcessor();
    await expect(sandbox.authorize(request({ reference: 'slow', amountMinor: 7002 }))).rejects.toBeInstanceOf(ProcessorTimeoutError);
    expect(await sandbox.authorize(request({ reference: 'slow', amountMinor: 7002 }))).toMatchObject({ status: 'approved' });
    expect(sandbox.executions('slow')).toBe(1);
  });

  it('gives distinct authorization codes per reference and deterministic ones per reference', async () => {
    const a = await new SandboxProcessor().authorize(request({ reference: 'a' }));
    const b = await new SandboxProcessor().authorize(request({ reference: 'b' }));
    const a2 = await new SandboxProcessor().authorize(request({ reference: 'a' }));
    expect(a.authCode).toBe(a2.authCode);
    expect(a.authCode).not.toBe(b.authCode);
  });

  it('follows up (capture, void, refund) with approvals, and errors on 70.01', async () => {
    const sandbox = new SandboxProcessor();
    const base = { merchantId: 'm', processorTransactionId: 'sbx_ref-1', currency: 'USD' };
    expect(await sandbox.capture({ ...base, reference: 'c', amountMinor: 500 })).toMatchObject({ status: 'approved' });
    expect(await sandbox.void({ ...base, reference: 'v' })).toMatchObject({ status: 'approved' });
    expect(await sandbox.refund({ ...base, reference: 'r', amountMinor: 7001 })).toMatchObject({ status: 'error', responseCode: 3 });
  });

  it('decides a held transaction once per reference: the first decision stands', async () => {
    const sandbox = new SandboxProcessor();
    const review = (decision: 'approve' | 'decline') => sandbox.review({ reference: 'held:review', merchantId: 'm', processorTransactionId: 'sbx_held', currency: 'USD', decision });
    expect(await review('approve')).toMatchObject({ status: 'approved', responseCode: 1, processorTransactionId: 'sbx_held' });
    expect(await review('decline')).toMatchObject({ status: 'approved' });
    expect(sandbox.executions('held:review')).toBe(1);
    expect(await new SandboxProcessor().review({ reference: 'other:review', merchantId: 'm', processorTransactionId: 'sbx_other', currency: 'USD', decision: 'decline' })).toMatchObject({ status: 'declined', responseCode: 2 });
  });
});
