import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { WEB_DIST } from './dist.js';

/**
 * Serves the built web app. Hashed assets are cached for a year; HTML entry points are never
 * cached, so a new deploy reaches phones at once.
 */
export async function webRoutes(app: FastifyInstance) {
  mkdirSync(WEB_DIST, { recursive: true });
  await app.register(fastifyStatic, {
    root: WEB_DIST,
    prefix: '/',
    index: false,
    wildcard: false,
    serve: false,
  });
  await app.register(fastifyStatic, {
    root: path.join(WEB_DIST, 'assets'),
    prefix: '/assets/',
    decorateReply: false,
    immutable: true,
    maxAge: '365d',
    // The build writes .br and .gz beside each script and style (web/vite.config.ts).
    preCompressed: true,
  });

  const sendEntry = (entry: string) => ({
    schema: { hide: true },
    handler: async (_request: unknown, reply: FastifyReply) =>
      reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').sendFile(`${entry}/index.html`),
  });
  app.get('/', { schema: { hide: true } }, async (_request, reply) => reply.redirect('/admin/'));
  app.get('/admin', sendEntry('admin'));
  app.get('/admin/*', sendEntry('admin'));
}
