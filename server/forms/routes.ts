import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import { z } from 'zod';
import { ZPublicForm } from '../../domain/contract/forms.js';
import { isDatabaseUnavailable, isStatementTimeout } from '../db/errors.js';
import { ZErrorBody } from '../http/schemas.js';
import { HttpError } from '../plugins/errors.js';
import { CODE_ALPHABET, CODE_LENGTH } from '../links/codes.js';
import { formPage, messagePage, PAGE_STYLE_SOURCE, publicFile, serviceWorkerScript } from './pages.js';
import { formForLink, type FormLookup } from './queries.js';

/** Seconds a browser (or a person) is asked to wait before trying the form page again during an outage. */
const OUTAGE_RETRY_AFTER_S = 30;

/**
 * Phones on weak networks pay for every byte, and there may be no proxy in front that compresses:
 * compress this plugin's own answers (HTML, form JSON, the service worker). Scoped to this plugin.
 */
async function compressPayload(request: FastifyRequest, reply: FastifyReply, payload: unknown) {
  if (reply.hasHeader('content-encoding')) return payload;
  // PNG is compressed already.
  if (String(reply.getHeader('content-type') ?? '').startsWith('image/png')) return payload;
  const body = typeof payload === 'string' ? Buffer.from(payload) : Buffer.isBuffer(payload) ? payload : undefined;
  if (!body || body.length < 1024) return payload;
  const accepts = String(request.headers['accept-encoding'] ?? '');
  reply.header('vary', 'accept-encoding');
  if (/\bbr\b/.test(accepts)) {
    reply.header('content-encoding', 'br').removeHeader('content-length');
    return brotliCompressSync(body, { params: { [zlib.BROTLI_PARAM_QUALITY]: 5 } });
  }
  if (/\bgzip\b/.test(accepts)) {
    reply.header('content-encoding', 'gzip').removeHeader('content-length');
    return gzipSync(body);
  }
  return payload;
}

const lowerCaseCode = new RegExp(`^[${CODE_ALPHABET.toLowerCase()}${CODE_ALPHABET}]{${CODE_LENGTH}}$`);

export const formRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addHook('onSend', compressPayload);

  const sendMessage = (
    reply: FastifyReply,
    status: number,
    kind: Parameters<typeof messagePage>[0],
    custom?: Parameters<typeof messagePage>[1],
  ) => {
    // The security policy allows no inline style; this page's one small <style> is allowed by its hash.
    const csp = reply.getHeader('content-security-policy');
    if (typeof csp === 'string') {
      reply.header('content-security-policy', csp.replace(/style-src ([^;]*)/, `style-src $1 ${PAGE_STYLE_SOURCE}`));
    }
    return (
      reply
        .status(status)
        // A 503 page must not be kept by any cache, or it would outlive the outage.
        .header('cache-control', status === 503 ? 'no-store' : 'no-cache')
        .header('referrer-policy', 'no-referrer')
        .type('text/html; charset=utf-8')
        .send(messagePage(kind, custom))
    );
  };

  app.get(
    '/f/:code',
    { schema: { hide: true, params: z.object({ code: z.string().max(64) }) } },
    async (request, reply) => {
      const { code } = request.params;
      // Codes are printed in capitals; someone typing the short URL may not be.
      if (code !== code.toUpperCase() && lowerCaseCode.test(code)) {
        return reply.redirect(`/f/${code.toUpperCase()}`, 301);
      }
      let found: FormLookup;
      try {
        found = await formForLink(app.db, code);
      } catch (err) {
        // The database is away: a person who scanned a poster gets a page in words, not JSON.
        // (A phone that opened this link before gets its saved copy from the service worker.)
        if (!isDatabaseUnavailable(err) && !isStatementTimeout(err)) throw err;
        request.log.warn({ err: { message: (err as Error).message } }, 'form page: database unavailable');
        reply.header('retry-after', String(OUTAGE_RETRY_AFTER_S));
        return sendMessage(reply, 503, 'outage');
      }
      if (found.status === 'unknown') return sendMessage(reply, 404, 'unknown');
      if (found.status === 'retired') return sendMessage(reply, 410, 'retired');
      // A campaign's link outside its dates (#12.7): the dates in words, not the form.
      const campaign = found.form.campaign;
      if (campaign && !campaign.open) {
        return sendMessage(reply, 403, 'retired', {
          title: campaign.title,
          body: campaign.message,
          en: `${campaign.titleEn}. ${campaign.messageEn}`,
        });
      }
      const html = await formPage(found.form, `${request.protocol}://${request.host}`);
      if (!html) return sendMessage(reply, 503, 'unavailable');
      return (
        reply
          .header('cache-control', 'no-cache')
          // The code in the URL is the only key to the form: never leak it to other sites.
          .header('referrer-policy', 'no-referrer')
          .header('x-robots-tag', 'noindex')
          .type('text/html; charset=utf-8')
          .send(html)
      );
    },
  );
  app.get('/f', { schema: { hide: true } }, async (_request, reply) => sendMessage(reply, 404, 'unknown'));

  app.get('/sw.js', { schema: { hide: true } }, async (_request, reply) => {
    const script = await serviceWorkerScript();
    if (!script) throw new HttpError(404, 'not_found', 'Không tìm thấy');
    return reply
      .header('cache-control', 'no-cache')
      .header('service-worker-allowed', '/f/')
      .type('text/javascript; charset=utf-8')
      .send(script);
  });

  // The site's icons and web app manifest (web/public, copied to the build root): a link shared on
  // Zalo or Facebook, a browser tab and a phone's home screen show the same mark (#15.6).
  const icons: Record<string, { file: string; type: string }> = {
    '/favicon.svg': { file: 'favicon.svg', type: 'image/svg+xml; charset=utf-8' },
    // Browsers ask for /favicon.ico by default; a PNG under that name is understood by all of them.
    '/favicon.ico': { file: 'favicon-32.png', type: 'image/png' },
    '/favicon-32.png': { file: 'favicon-32.png', type: 'image/png' },
    '/icon-192.png': { file: 'icon-192.png', type: 'image/png' },
    '/icon-512.png': { file: 'icon-512.png', type: 'image/png' },
    '/icon-maskable-512.png': { file: 'icon-maskable-512.png', type: 'image/png' },
    '/apple-touch-icon.png': { file: 'apple-touch-icon.png', type: 'image/png' },
    '/manifest.webmanifest': { file: 'manifest.webmanifest', type: 'application/manifest+json; charset=utf-8' },
  };
  for (const [url, { file, type }] of Object.entries(icons)) {
    app.get(url, { schema: { hide: true } }, async (_request, reply) => {
      const body = await publicFile(file);
      if (!body) throw new HttpError(404, 'not_found', 'Không tìm thấy');
      return reply.header('cache-control', 'public, max-age=86400').type(type).send(body);
    });
  }

  app.get(
    '/api/v1/public/forms/:code',
    {
      config: { access: 'public', rateLimit: { max: 300, timeWindow: '1 minute' } },
      schema: {
        tags: ['public'],
        summary: "The survey, the version a link opens now, the unit and the definition (the phone form's data)",
        params: z.object({ code: z.string().max(64) }),
        response: { 200: ZPublicForm, 404: ZErrorBody, 410: ZErrorBody, 503: ZErrorBody },
      },
    },
    async (request, reply) => {
      const found = await formForLink(app.db, request.params.code);
      if (found.status === 'unknown') throw new HttpError(404, 'link_not_found', 'Không tìm thấy phiếu khảo sát');
      if (found.status === 'retired') throw new HttpError(410, 'link_retired', 'Phiếu khảo sát này đã đóng');
      reply.header('cache-control', 'no-cache');
      return found.form;
    },
  );
};
