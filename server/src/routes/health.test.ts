import { describe, expect, it } from 'vitest';
import { makeTestApp } from '../test-support.ts';

describe('/health and /ready', () => {
  it('answer 200 without credentials while the database answers, and /ready 503 with Retry-After once it does not', async () => {
    const t = await makeTestApp();
    try {
      const health = await t.app.request('/health');
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ ok: true });
      const ready = await t.app.request('/ready');
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({ ready: true });

      await t.deps.store.close();
      const gone = await t.app.request('/ready');
      expect(gone.status).toBe(503);
      expect(gone.headers.get('retry-after')).toBe('1');
      expect(await gone.json()).toEqual({ ready: false, reason: 'database_unavailable' });
      // Liveness is about the process: still 200, so an orchestrator stops routing to it rather than restarting it.
      expect((await t.app.request('/health')).status).toBe(200);
    } finally {
      await t.cleanup().catch(() => {});
    }
  });
});
