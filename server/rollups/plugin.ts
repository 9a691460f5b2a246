import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { RollupWorker, type RollupWorkerOptions } from './worker.js';

declare module 'fastify' {
  interface FastifyInstance {
    rollupWorker?: RollupWorker;
  }
}

/**
 * Runs the rollup folder (worker.ts) while the app is up: it starts once the app is ready and stops, after
 * the batch in progress, when the app closes. Every instance runs one; the advisory lock makes one leader.
 */
export const rollupWorkerPlugin = fp(
  async (app: FastifyInstance, opts: Omit<RollupWorkerOptions, 'log'>) => {
    const worker = new RollupWorker({
      ...opts,
      log: (msg, err) => app.log.warn({ err: err instanceof Error ? { message: err.message } : err }, msg),
    });
    app.decorate('rollupWorker', worker);
    app.addHook('onReady', async () => worker.start());
    app.addHook('onClose', async () => worker.stop());
  },
  { name: 'rollup-worker', dependencies: ['db'] },
);
