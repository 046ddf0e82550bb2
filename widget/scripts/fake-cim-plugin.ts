/**
 * A @web/dev-server plugin that plays the CIM server for component tests: the frame page at
 * /widget/frame (from source, parent origin taken from the Referer as the real server takes it
 * from the session) and the widget API at /widget/api/* from the in-memory fake.
 */
import type { IncomingMessage } from 'node:http';
import { createFakeWidgetApi } from '../src/testing/fake-widget-api.ts';
import { framePage } from './frame-page.ts';

interface KoaContext {
  method: string;
  path: string;
  req: IncomingMessage;
  get(name: string): string;
  set(name: string, value: string): void;
  status: number;
  body: unknown;
  type: string;
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  let text = '';
  for await (const chunk of req) text += String(chunk);
  return text ? JSON.parse(text) : undefined;
}

type Middleware = (ctx: KoaContext, next: () => Promise<unknown>) => Promise<unknown>;

/** The plugin serves the frame page; the middleware answers the API (and /__fake/reset between tests). */
export function fakeCim(): { plugin: object; middleware: Middleware } {
  let api = createFakeWidgetApi();
  const middleware: Middleware = async (ctx, next) => {
    if (ctx.path === '/__fake/reset') {
      api = createFakeWidgetApi();
      ctx.status = 204;
      return;
    }
    if (ctx.path === '/widget/frame') {
      await next();
      // As the real server answers a session it does not know: nobody may frame it.
      if (new URL(ctx.req.url ?? '', 'http://x').searchParams.get('session') === 'cs_refused') ctx.set('Content-Security-Policy', "frame-ancestors 'none'");
      return;
    }
    if (!ctx.path.startsWith('/widget/api/')) return next();
    const answer = api.handle(ctx.method, ctx.path.slice('/widget/api'.length), ctx.get('authorization') || null, await readJson(ctx.req));
    ctx.status = answer.status;
    if (answer.body !== undefined) {
      ctx.type = 'json';
      ctx.body = JSON.stringify(answer.body);
    }
  };
  const plugin = {
    name: 'fake-cim',
    async serve(context: KoaContext): Promise<{ body: string; type: string } | undefined> {
      if (context.path === '/widget/frame') {
        const referer = context.get('referer');
        return { body: framePage(referer ? new URL(referer).origin : '', '/widget/src/frame/main.ts'), type: 'html' };
      }
      return undefined;
    },
  };
  return { plugin, middleware };
}
