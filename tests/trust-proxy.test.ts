import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, startTestApp, type TestApp } from './helpers/app.js';

/**
 * TRUST_PROXY decides whose X-Forwarded-* headers are believed. The tests call the real server
 * from 127.0.0.1: once configured as the proxy, once not. The per-IP ceiling on public submissions
 * (SUBMIT_RATE_LIMIT_PER_MINUTE, checked before the body is read, so an empty body counts) shows
 * which address a request was charged to.
 */
const LIMIT = 2;

async function start(trustProxy: string): Promise<TestApp> {
  return startTestApp({
    config: { TRUST_PROXY: trustProxy, SUBMIT_RATE_LIMIT_PER_MINUTE: String(LIMIT) },
    beforeListen: (app) => {
      // What Fastify made of the headers: the address the rate limits and the stored ip_hash use.
      app.get('/api/v1/test/peer', { config: { access: 'public' } }, async (request) => ({
        ip: request.ip,
        protocol: request.protocol,
      }));
    },
  });
}

const submitFrom = (t: TestApp, forwardedFor: string) =>
  t.request().post('/api/v1/public/responses').set('x-forwarded-for', forwardedFor).send({});

describe('TRUST_PROXY names the caller (127.0.0.1 is the proxy)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await start('127.0.0.1');
  });
  afterAll(() => t.close());

  it('attributes the request to the forwarded address and protocol', async () => {
    const peer = (headers: Record<string, string>) => t.request().get('/api/v1/test/peer').set(headers);
    expect((await peer({})).body).toEqual({ ip: '127.0.0.1', protocol: 'http' });
    expect((await peer({ 'x-forwarded-for': '203.0.113.7', 'x-forwarded-proto': 'https' })).body).toEqual({
      ip: '203.0.113.7',
      protocol: 'https',
    });
    // A client's own X-Forwarded-For is passed on by the proxy in front of the address it saw:
    // only the rightmost, untrusted, hop counts.
    expect((await peer({ 'x-forwarded-for': '198.51.100.1, 203.0.113.9' })).body.ip).toBe('203.0.113.9');
  });

  it('keeps a per-IP ceiling per forwarded address', async () => {
    for (let i = 0; i < LIMIT; i++) expect((await submitFrom(t, '203.0.113.20')).status).toBe(400);
    const limited = await submitFrom(t, '203.0.113.20');
    expect(limited.status).toBe(429);
    expect(limited.body.code).toBe('rate_limited');
    // Another client behind the same proxy has its own allowance.
    expect((await submitFrom(t, '203.0.113.21')).status).toBe(400);
  });
});

describe('TRUST_PROXY names another host (the caller is not the proxy)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await start('10.0.0.1');
  });
  afterAll(() => t.close());

  it('ignores X-Forwarded-For and X-Forwarded-Proto from the caller', async () => {
    const res = await t
      .request()
      .get('/api/v1/test/peer')
      .set({ 'x-forwarded-for': '203.0.113.7', 'x-forwarded-proto': 'https' });
    expect(res.body).toEqual({ ip: '127.0.0.1', protocol: 'http' });
  });

  it('does not let a new X-Forwarded-For on each request escape the per-IP ceiling', async () => {
    const statuses: number[] = [];
    for (let i = 1; i <= LIMIT + 2; i++) statuses.push((await submitFrom(t, `198.51.100.${i}`)).status);
    expect(statuses).toEqual([...Array<number>(LIMIT).fill(400), 429, 429]);
  });

  it('does not mark the session cookie Secure because the caller claims https', async () => {
    const user = await createUser(t.db, [{ role: 'admin' }]);
    const res = await t
      .request()
      .post('/api/v1/auth/login')
      .set('x-forwarded-proto', 'https')
      .send({ email: user.email, password: user.password });
    expect(res.status).toBe(200);
    expect(String(res.headers['set-cookie'])).not.toMatch(/Secure/i);
  });
});
