import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../server/app.js';
import { freePort } from '../server/db/embedded.js';
import { startTestApp, testConfig, type TestApp } from './helpers/app.js';

describe('health, metrics and API docs', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('answers /healthz and /readyz', async () => {
    expect((await t.request().get('/healthz')).body).toEqual({ status: 'ok' });
    const ready = await t.request().get('/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ status: 'ready' });
  });

  it('answers /readyz 503 when the database is unreachable, while /healthz stays up', async () => {
    const port = await freePort();
    const app = await buildApp({ config: testConfig(), databaseUrl: `postgres://nobody:x@127.0.0.1:${port}/none` });
    try {
      const ready = await app.inject({ method: 'GET', url: '/readyz' });
      expect(ready.statusCode).toBe(503);
      expect(ready.json()).toMatchObject({ status: 'unavailable' });
      expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('exposes Prometheus metrics with request counts, latencies and pool use', async () => {
    await t.request().get('/healthz');
    await t.request().get('/api/v1/auth/me');
    const res = await t.request().get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/plain/);
    expect(res.text).toMatch(/http_requests_total\{method="GET",route="\/healthz",status="200"\} \d+/);
    expect(res.text).toMatch(/http_requests_total\{method="GET",route="\/api\/v1\/auth\/me",status="401"\} \d+/);
    expect(res.text).toMatch(/http_request_duration_seconds_bucket\{le="0.05",method="GET",route="\/healthz"\}/);
    expect(res.text).toMatch(/db_pool_connections\{state="total"\} \d+/);
  });

  it('reports the rollup lag: the queued changes and the age of the oldest, from one read', async () => {
    const gauge = (text: string, name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1]);
    // A change queued 90 s ago and held by this transaction: the worker's fold skips locked rows, so it
    // stays queued while /metrics is read; deleted at the end (nothing reaches the rollups).
    const client = await t.database.pool.connect();
    try {
      // Committed first so the app's connection sees it, then held with FOR UPDATE until the end; should
      // the worker fold it in between (it changes nothing: sign 0), queue another.
      let held = 0;
      for (let attempt = 0; attempt < 5 && held === 0; attempt++) {
        await client.query(
          `insert into rollup_queue (change, queued_at)
           values (row(1, 1, 1, 'web', current_date, '{}', false, 'accepted', 0)::rollup_change, now() - interval '90 seconds')`,
        );
        await client.query('begin');
        const locked = await client.query<{ n: number }>(
          `select count(*)::int as n from (select 1 from rollup_queue where queued_at < now() - interval '60 seconds' for update) q`,
        );
        held = locked.rows[0]!.n;
        if (held === 0) await client.query('rollback');
      }
      expect(held).toBeGreaterThanOrEqual(1);
      const res = await t.request().get('/metrics');
      const depth = gauge(res.text, 'hailong_rollup_queue_depth');
      const age = gauge(res.text, 'hailong_rollup_queue_oldest_seconds');
      expect(depth).toBeGreaterThanOrEqual(1);
      expect(age).toBeGreaterThanOrEqual(90);
      expect(age).toBeLessThan(600);
      await client.query(`delete from rollup_queue where queued_at < now() - interval '60 seconds'`);
      await client.query('commit');
    } finally {
      await client.query('rollback').catch(() => {});
      client.release();
    }
    const after = await t.request().get('/metrics');
    expect(gauge(after.text, 'hailong_rollup_queue_oldest_seconds')).toBeLessThan(60);
  });

  it('serves the OpenAPI document and its UI at /api/docs', async () => {
    const json = await t.request().get('/api/docs/json');
    expect(json.status).toBe(200);
    expect(json.body.openapi).toMatch(/^3\./);
    expect(Object.keys(json.body.paths)).toEqual(
      expect.arrayContaining(['/api/v1/auth/login', '/api/v1/auth/me', '/api/v1/surveys', '/api/v1/units']),
    );
    const ui = await t.request().get('/api/docs/');
    expect(ui.status).toBe(200);
    expect(ui.text).toMatch(/swagger/i);
  });

  it('tags each answer with a request id and answers unknown routes with the error shape', async () => {
    const res = await t.request().get('/api/v1/nothing-here');
    expect(res.headers['x-request-id']).toMatch(/^[\w-]{8,}$/);
    expect([401, 403, 404]).toContain(res.status);
    const plain = await t.request().get('/no-such-page');
    expect(plain.status).toBe(404);
    expect(plain.body.error.code).toBe('not_found');
  });
});
