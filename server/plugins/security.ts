import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import helmet, { type HelmetOptions } from 'helmet';
import type { Config } from '../config.js';

/**
 * Security headers for every response (helmet). The Content Security Policy allows scripts,
 * styles, fonts and API calls from this origin only: no inline script, no inline event
 * handler, no eval, no plugin. So even if a comment or a unit name carrying HTML ever
 * reached the page unescaped, the browser would not run it. Pages may not be framed
 * (clickjacking of the admin app).
 */
export function helmetOptions(config: Config): HelmetOptions {
  return {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        // Only where the site is served over TLS: on plain http it would break every asset.
        ...(config.COOKIE_SECURE ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    frameguard: { action: 'deny' },
    // Link codes are in form URLs (/f/{code}); no page sends its address to another site.
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginEmbedderPolicy: false,
    // Browsers heed this only over HTTPS. Not for subdomains: the Sở's other sites are not ours to force.
    hsts: { maxAge: 180 * 24 * 3600, includeSubDomains: false },
  };
}

/**
 * Swagger UI (/api/docs) sets inline styles, so its pages get their own policy: still no
 * inline script and no framing.
 */
export const SWAGGER_UI_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "script-src-attr 'none'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The headers helmet sets for `options`, worked out once: @fastify/helmet builds a new helmet (options
 * parsed, the policy string joined) on every request, a measurable share of a public submission's CPU. No
 * directive here depends on the request (no nonces), so every response gets the same names and values.
 */
export function staticSecurityHeaders(options: HelmetOptions): {
  set: [string, string][];
  removed: string[];
} {
  const set = new Map<string, [string, string]>();
  const removed: string[] = [];
  const res = {
    setHeader(name: string, value: unknown) {
      set.set(name.toLowerCase(), [name, String(value)]);
      return res;
    },
    removeHeader(name: string) {
      set.delete(name.toLowerCase());
      removed.push(name);
    },
  };
  helmet(options)({} as IncomingMessage, res as unknown as ServerResponse, () => undefined);
  return { set: [...set.values()], removed };
}

/**
 * Security headers on every response, as helmet sets them (on the raw response, so hijacked and streamed
 * replies carry them too), from the values computed once at start-up.
 */
export const securityHeadersPlugin = fp(
  async (app: FastifyInstance, options: HelmetOptions) => {
    const { set, removed } = staticSecurityHeaders(options);
    app.addHook('onRequest', (_request, reply, done) => {
      const raw = reply.raw;
      for (const name of removed) raw.removeHeader(name);
      for (const [name, value] of set) raw.setHeader(name, value);
      done();
    });
  },
  { name: 'security-headers' },
);
