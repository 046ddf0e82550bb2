import { createHash } from 'node:crypto';
import { reasonText } from './reason-codes.ts';
import { authorizationOutcome, declined, processingError, SANDBOX_AMOUNTS, approved } from './sandbox-rules.ts';
import { ProcessorTimeoutError, type AuthorizeRequest, type CreditRequest, type FollowUpRequest, type Processor, type ProcessorResult, type ReviewDecision } from './types.ts';

/** How many references the sandbox remembers; the oldest are forgotten first. */
const MEMORY = 100_000;

const authCodeFor = (reference: string) => createHash('sha256').update(reference).digest('hex').slice(0, 6).toUpperCase();

/**
 * The built-in processor: deterministic outcomes from documented test data, no
 * network, no money. It keeps the idempotency promise of the Processor contract
 * in memory: a repeated reference returns the first outcome without "moving money"
 * again. `executions` counts money movements per reference so tests can prove it.
 */
export class SandboxProcessor implements Processor {
  readonly name = 'sandbox';
  readonly #outcomes = new Map<string, ProcessorResult>();
  readonly #executions = new Map<string, number>();
  readonly #latencyMs: number;

  constructor(options: { latencyMs?: number } = {}) {
    this.#latencyMs = options.latencyMs ?? 0;
  }

  /** How many times money actually moved for `reference` (0 or 1 when callers keep the contract). */
  executions(reference: string): number {
    return this.#executions.get(reference) ?? 0;
  }

  authorize(request: AuthorizeRequest): Promise<ProcessorResult> {
    return this.#once(request.reference, request.amountMinor, () => {
      // A capture of an outside authorisation: no AVS or card-code check; the code given is the one on record.
      if (request.authCode !== undefined && request.amountMinor !== SANDBOX_AMOUNTS.error) return approved({ authCode: request.authCode, avsResult: 'P', processorTransactionId: `sbx_${request.reference}` });
      const outcome = authorizationOutcome(request.payment, request.billTo, request.amountMinor);
      const moved = outcome.status === 'approved' || outcome.status === 'heldForReview';
      return moved ? { ...outcome, authCode: authCodeFor(request.reference), processorTransactionId: `sbx_${request.reference}` } : outcome;
    });
  }

  capture(request: FollowUpRequest & { amountMinor: number }): Promise<ProcessorResult> {
    return this.#once(request.reference, request.amountMinor, () => this.#followUp(request));
  }

  void(request: FollowUpRequest): Promise<ProcessorResult> {
    return this.#once(request.reference, 0, () => this.#followUp(request));
  }

  refund(request: FollowUpRequest & { amountMinor: number }): Promise<ProcessorResult> {
    return this.#once(request.reference, request.amountMinor, () => this.#followUp(request));
  }

  credit(request: CreditRequest): Promise<ProcessorResult> {
    return this.#once(request.reference, request.amountMinor, () => this.#followUp(request));
  }

  /** Approve releases the held transaction as first asked; decline cancels it for good (reason 254, as Authorize.Net). */
  review(request: FollowUpRequest & { decision: ReviewDecision }): Promise<ProcessorResult> {
    const processorTransactionId = request.processorTransactionId;
    return this.#once(request.reference, 0, () =>
      request.decision === 'approve' ? approved({ processorTransactionId }) : declined('generic', { reasonCode: 254, reasonText: reasonText(254), processorTransactionId }),
    );
  }

  #followUp(request: { reference: string; amountMinor?: number }): ProcessorResult {
    if (request.amountMinor === SANDBOX_AMOUNTS.error) return processingError();
    return approved({ processorTransactionId: `sbx_${request.reference}` });
  }

  /**
   * Runs `decide` once per reference. For the timeout amount the first call is
   * carried out and recorded, and then its answer is "lost": the caller sees a
   * ProcessorTimeoutError and must ask again with the same reference.
   */
  async #once(reference: string, amountMinor: number, decide: () => ProcessorResult): Promise<ProcessorResult> {
    if (this.#latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.#latencyMs));
    const known = this.#outcomes.get(reference);
    if (known) return known;
    const outcome = decide();
    this.#remember(reference, outcome);
    if (amountMinor === SANDBOX_AMOUNTS.timeout) throw new ProcessorTimeoutError();
    return outcome;
  }

  #remember(reference: string, outcome: ProcessorResult): void {
    this.#outcomes.set(reference, outcome);
    this.#executions.set(reference, (this.#executions.get(reference) ?? 0) + 1);
    if (this.#outcomes.size > MEMORY) {
      const oldest = this.#outcomes.keys().next().value;
      if (oldest !== undefined) {
        this.#outcomes.delete(oldest);
        this.#executions.delete(oldest);
      }
    }
  }
}
