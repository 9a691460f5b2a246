import type { FastifyRequest } from 'fastify';
import type { Config } from '../config.js';

/**
 * The base URL printed on posters and returned by the API: PUBLIC_URL when set (what phones
 * outside can reach), else the origin the request came to (right for a local or demo start).
 */
export function publicBase(config: Config, request: FastifyRequest): string {
  if (config.PUBLIC_URL) return config.PUBLIC_URL.replace(/\/+$/, '');
  return `${request.protocol}://${request.host}`;
}

export function formUrl(base: string, code: string): string {
  return `${base}/f/${code}`;
}

/** The URL without its scheme, printed under the QR code for people who type it. */
export function shortUrl(url: string): string {
  return url.replace(/^https?:\/\//, '');
}
