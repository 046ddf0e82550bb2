import type { AuthorizeNetSetting } from '../../domain/processor-settings.ts';
import type { AuthorizeRequest, CreditRequest, FollowUpRequest, Processor, ProcessorResult, ReviewDecision } from '../types.ts';
import { ProcessorTimeoutError } from '../types.ts';
import { detailsResult, resultMessage, transactionResult } from './answers.ts';
import { checkEndpoint } from './endpoint.ts';
import { postJson, type Json } from './http.ts';
import { findByInvoice } from './lookup.ts';
import { authorizeTransaction, captureTransaction, creditTransaction, heldTransaction, refundTransaction, voidTransaction } from './requests.ts';

export interface AuthorizeNetOptions {
  timeoutMs: number;
  /** CIM_GATEWAY_HOSTS: checked again before each call, so removing a host stops calls at once. */
  gatewayHosts: readonly string[];
  now?: () => Date;
}

/**
 * A merchant's own Authorize.Net account (or anything speaking its JSON API, such as another CIM).
 *
 * Idempotency on `reference`: charges and refunds carry it as invoiceNumber. A first call is sent as
 * is; a retry (`retry: true`, CIM resuming a pending transaction) first looks the reference up on the
 * gateway and, when found, answers from getTransactionDetails instead of charging again. Captures and
 * voids are idempotent on the gateway itself (a second one answers 311/310 with the original).
 */
export class AuthorizeNetProcessor implements Processor {
  readonly name = 'authorizenet';
  readonly #setting: AuthorizeNetSetting;
  readonly #options: AuthorizeNetOptions;

  constructor(setting: AuthorizeNetSetting, options: AuthorizeNetOptions) {
    checkEndpoint(setting.endpoint, options.gatewayHosts);
    this.#setting = setting;
    this.#options = options;
  }

  async authorize(request: AuthorizeRequest): Promise<ProcessorResult> {
    return (await this.#earlier(request)) ?? this.#transaction(authorizeTransaction(request));
  }

  capture(request: FollowUpRequest & { amountMinor: number }): Promise<ProcessorResult> {
    return this.#transaction(captureTransaction(request));
  }

  void(request: FollowUpRequest): Promise<ProcessorResult> {
    return this.#transaction(voidTransaction(request));
  }

  async refund(request: FollowUpRequest & { amountMinor: number }): Promise<ProcessorResult> {
    return (await this.#earlier(request)) ?? this.#transaction(refundTransaction(request));
  }

  credit(request: CreditRequest): Promise<ProcessorResult> {
    return this.#transaction(creditTransaction(request));
  }

  async review(request: FollowUpRequest & { decision: ReviewDecision }): Promise<ProcessorResult> {
    return transactionResult(await this.#call('updateHeldTransactionRequest', { heldTransactionRequest: heldTransaction(request) }));
  }

  async #transaction(transactionRequest: Json): Promise<ProcessorResult> {
    return transactionResult(await this.#call('createTransactionRequest', { transactionRequest }));
  }

  /** On a retry: the gateway's record of the first call, if it got that far. */
  async #earlier(request: { reference: string; retry?: boolean | undefined }): Promise<ProcessorResult | undefined> {
    if (!request.retry) return undefined;
    const call = (root: string, fields: Json) => this.#query(root, fields);
    const transId = await findByInvoice(call, request.reference, this.#options.now?.() ?? new Date());
    if (!transId) return undefined;
    const details = await this.#query('getTransactionDetailsRequest', { transId });
    const transaction = details.transaction;
    if (!transaction || typeof transaction !== 'object') throw new ProcessorTimeoutError('The gateway did not return the transaction it listed.');
    return detailsResult(transaction as Json);
  }

  /** A reporting call: anything but Ok (I00004 "no records" is Ok) leaves the outcome unknown. */
  async #query(root: string, fields: Json): Promise<Json> {
    const answer = await this.#call(root, fields);
    const { resultCode, code } = resultMessage(answer);
    if (resultCode !== 'Ok') throw new ProcessorTimeoutError(`The gateway refused ${root} (${code ?? 'no message code'}).`);
    return answer;
  }

  #call(root: string, fields: Json): Promise<Json> {
    const endpoint = checkEndpoint(this.#setting.endpoint, this.#options.gatewayHosts).href;
    const merchantAuthentication = { name: this.#setting.apiLoginId.unwrap(), transactionKey: this.#setting.transactionKey.unwrap() };
    return postJson(endpoint, { [root]: { merchantAuthentication, ...fields } }, { timeoutMs: this.#options.timeoutMs });
  }
}
