import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { expect } from 'vitest';
import { createApp } from '../../../server/src/app.ts';
import { createMerchant, type MerchantCredentials } from '../../../server/src/domain/merchants.ts';
import { makeTestDeps } from '../../../server/src/test-support.ts';
import { Contracts as C, execute, firstMessage } from './sdk-client.ts';

export interface SdkServer {
  env: ReturnType<typeof makeTestDeps>;
  endpoint: string;
  merchant: MerchantCredentials;
  /** Builds a request contract, sets merchant auth and the given fields, runs it through the named controller. */
  run(name: string, fields?: Record<string, unknown>, key?: string): Promise<any>;
  close(): Promise<void>;
}

/** A real CIM server on 127.0.0.1 (a free port) with one merchant, driven through the official SDK. */
export async function startSdkServer(now = new Date('2026-06-15T12:00:00Z')): Promise<SdkServer> {
  const env = makeTestDeps({ now });
  const merchant = await createMerchant(env.deps, { name: 'SDK Shop', origins: ['http://shop.test'] });
  const app = createApp(env.deps);
  let server!: ServerType;
  const port = await new Promise<number>((resolve) => {
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => resolve(info.port));
  });
  const endpoint = `http://127.0.0.1:${port}/xml/v1/request.api`;
  const merchantAuth = (key = merchant.transactionKey) => {
    const auth = new C.MerchantAuthenticationType();
    auth.setName(merchant.apiLoginId);
    auth.setTransactionKey(key);
    return auth;
  };
  return {
    env,
    endpoint,
    merchant,
    run: async (name, fields = {}, key) => {
      const type = `${name[0]!.toUpperCase()}${name.slice(1)}`;
      const request = new C[`${type}Request`]();
      request.setMerchantAuthentication(merchantAuth(key));
      for (const [k, v] of Object.entries(fields)) request[`set${k[0]!.toUpperCase()}${k.slice(1)}`](v);
      // createCustomerProfileFromTransaction answers with a createCustomerProfileResponse, as the SDK's samples parse it.
      const response = C[`${type}Response`] ?? C.CreateCustomerProfileResponse;
      return execute(endpoint, `${type}Controller`, request, response);
    },
    close: async () => {
      await new Promise<void>((done) => server.close(() => done()));
      await env.cleanup();
    },
  };
}

export function card(number: string, expirationDate = '2030-12', code?: string) {
  const creditCard = new C.CreditCardType();
  creditCard.setCardNumber(number);
  creditCard.setExpirationDate(expirationDate);
  if (code) creditCard.setCardCode(code);
  const payment = new C.PaymentType();
  payment.setCreditCard(creditCard);
  return payment;
}

export function address(fields: Record<string, string>, Type = C.CustomerAddressType) {
  const a = new Type();
  for (const [k, v] of Object.entries(fields)) a[`set${k[0]!.toUpperCase()}${k.slice(1)}`](v);
  return a;
}

export const ok = (response: any) => {
  expect(firstMessage(response)).toEqual({ resultCode: 'Ok', code: 'I00001', text: 'Successful.' });
  return response;
};

export const errorCode = (response: any) => {
  const m = firstMessage(response);
  expect(m.resultCode).toBe('Error');
  return m.code;
};
