import { Hono } from 'hono';

type Fetch = (request: Request, env?: unknown) => Response | Promise<Response>;

export const BENCH_ECHO_PATH = '/bench/echo';

/**
 * The benchmark's baseline: a bare Hono app that answers its JSON body back,
 * with none of CIM's middleware. Served by the same process as the API (only
 * when CIM_BENCH_ECHO=1) so both are measured on the same server, same run.
 */
export function withBenchEcho(app: { fetch: Fetch }): Fetch {
  const echo = new Hono().post(BENCH_ECHO_PATH, async (c) => c.json(await c.req.json()));
  return (request, env) => {
    const url = request.url;
    const path = url.slice(url.indexOf('/', url.indexOf('//') + 2));
    return path === BENCH_ECHO_PATH ? echo.fetch(request, env) : app.fetch(request, env);
  };
}
