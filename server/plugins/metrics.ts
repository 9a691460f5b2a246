import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { postmasterStats } from '../db/postmaster.js';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

declare module 'fastify' {
  interface FastifyRequest {
    startTime?: bigint;
  }
}

/**
 * Prometheus text at /metrics: request counts and latencies by route pattern (never by raw
 * URL, which would explode cardinality and leak link codes) and pool use.
 */
export const metricsPlugin = fp(
  async (app: FastifyInstance) => {
    // A registry per app, so tests that build several apps in one process do not collide.
    const registry = new Registry();
    collectDefaultMetrics({ register: registry, prefix: 'hailong_' });
    const requests = new Counter({
      name: 'http_requests_total',
      help: 'HTTP requests answered, by method, route pattern and status',
      labelNames: ['method', 'route', 'status'] as const,
      registers: [registry],
    });
    const duration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request latency by method and route pattern',
      labelNames: ['method', 'route'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    });
    const pool = () => app.pg.pool;
    new Gauge({
      name: 'db_pool_connections',
      help: 'Database pool connections by state',
      labelNames: ['state'] as const,
      registers: [registry],
      collect() {
        this.set({ state: 'total' }, pool().totalCount);
        this.set({ state: 'idle' }, pool().idleCount);
        this.set({ state: 'waiting' }, pool().waitingCount);
      },
    });

    // Alert on these two (docs/prometheus-alerts.yml): the database answering, and the embedded server's crashes.
    new Gauge({
      name: 'hailong_db_up',
      help: 'Whether the database answered a trivial query at scrape time (1) or not (0)',
      registers: [registry],
      async collect() {
        const up = await pool()
          .query('select 1')
          .then(
            () => 1,
            () => 0,
          );
        this.set(up);
      },
    });
    new Counter({
      name: 'hailong_postmaster_restarts_total',
      help: 'Times the supervised embedded PostgreSQL was restarted after it exited unexpectedly',
      registers: [registry],
      collect() {
        this.reset();
        this.inc(postmasterStats.restarts);
      },
    });

    // Rollup lag (migrations/0060): changes not yet folded, and how long the oldest has waited.
    // Both gauges below read the same row, and a scrape collects them together: one query serves both.
    let reading: Promise<{ depth: number; age: number }> | undefined;
    const queue = () =>
      (reading ??= pool()
        .query<{ depth: number; age: number }>(
          'select count(*)::int as depth, coalesce(extract(epoch from now() - min(queued_at)), 0)::float8 as age from rollup_queue',
        )
        .then((r) => r.rows[0]!)
        .finally(() => {
          reading = undefined;
        }));
    new Gauge({
      name: 'hailong_rollup_queue_depth',
      help: 'Changes to responses queued for the rollups and not yet folded in',
      registers: [registry],
      async collect() {
        this.set((await queue().catch(() => ({ depth: -1 }))).depth);
      },
    });
    new Gauge({
      name: 'hailong_rollup_queue_oldest_seconds',
      help: 'Age in seconds of the oldest change not yet folded into the rollups (0 when none)',
      registers: [registry],
      async collect() {
        this.set((await queue().catch(() => ({ age: -1 }))).age);
      },
    });

    app.addHook('onRequest', async (request) => {
      request.startTime = process.hrtime.bigint();
    });
    app.addHook('onResponse', async (request, reply) => {
      const route = request.routeOptions.url ?? 'unmatched';
      if (route === '/metrics') return;
      requests.inc({ method: request.method, route, status: String(reply.statusCode) });
      if (request.startTime) {
        duration.observe({ method: request.method, route }, Number(process.hrtime.bigint() - request.startTime) / 1e9);
      }
    });
    app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
      reply.header('content-type', registry.contentType);
      return registry.metrics();
    });
  },
  { name: 'metrics', dependencies: ['db'] },
);
