import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { partitionUpkeep, type UpkeepOptions } from '../db/partitions.js';
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
  async (
    app: FastifyInstance,
    { partitions, ...opts }: Omit<RollupWorkerOptions, 'log' | 'upkeep'> & { partitions?: UpkeepOptions },
  ) => {
    const worker = new RollupWorker({
      ...opts,
      log: (msg, err) => app.log.warn({ err: err instanceof Error ? { message: err.message } : err }, msg),
      // The leader also keeps the month partitions of responses (migrations/0160): ahead, and retention.
      upkeep: async (client) => {
        const done = await partitionUpkeep(client, partitions);
        if (done.made + done.detached.length + done.archived.length + done.dropped.length > 0) {
          app.log.info(done, 'responses: month partitions kept up');
        }
      },
    });
    app.decorate('rollupWorker', worker);
    app.addHook('onReady', async () => worker.start());
    app.addHook('onClose', async () => worker.stop());
  },
  { name: 'rollup-worker', dependencies: ['db'] },
);
