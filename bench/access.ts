/**
 * What access control costs: the session lookup on every signed-in request, unit scoping (a
 * recursive query over the unit tree) on lists, and the argon2id work of one sign-in. The
 * baseline, measured in the same run on the same server: GET /healthz (no session, no query).
 *
 *   npx tsx bench/access.ts          # 5 s per phase
 *   SECONDS=10 npx tsx bench/access.ts
 */
import autocannon from 'autocannon';
import { pathToFileURL } from 'node:url';
import { machineLine, round, writeSection } from './report.js';
import { prepareBenchDatabase, startServerProcess } from './server.js';

const SECONDS = Number(process.env.SECONDS ?? 5);
const CONNECTIONS = 10;

interface Phase {
  label: string;
  path: string;
  as: string | null;
  perSecond: number;
  p50: number;
  p99: number;
  non2xx: number;
  rows?: number;
}

async function signIn(url: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`sign-in failed for ${email}: ${res.status}`);
  return /hl_session=[^;]+/.exec(res.headers.get('set-cookie') ?? '')![0];
}

async function phase(url: string, label: string, path: string, as: string | null, cookie?: string): Promise<Phase> {
  const result = await autocannon({
    url: `${url}${path}`,
    connections: CONNECTIONS,
    duration: SECONDS,
    ...(cookie ? { headers: { cookie } } : {}),
  });
  let rows: number | undefined;
  const body = (await (await fetch(`${url}${path}`, { headers: cookie ? { cookie } : {} })).json()) as unknown;
  if (Array.isArray(body)) rows = body.length;
  else if (body && typeof body === 'object' && 'units' in body) rows = (body as { units: unknown[] }).units.length;
  return {
    label,
    path,
    as,
    perSecond: result['2xx'] / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    ...(rows !== undefined ? { rows } : {}),
  };
}

export async function main(log: (line: string) => void = console.log) {
  const { hashPassword, verifyPassword } = await import('../server/auth/passwords.js');
  const { createKysely, createPool } = await import('../server/db/pool.js');

  // argon2id, in this process: the CPU one sign-in costs the server.
  const hash = await hashPassword('a benchmark passphrase');
  const times: number[] = [];
  for (let i = 0; i < 30; i++) {
    const start = performance.now();
    await verifyPassword(hash, 'a benchmark passphrase');
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const argon = { p50: times[15]!, p95: times[28]! };
  log(`argon2id verify: p50 ${round(argon.p50)} ms`);

  const db = await prepareBenchDatabase(log);
  const server = await startServerProcess({ databaseUrl: db.url });
  const pool = createPool(db.url, 2);
  const kdb = createKysely(pool);
  try {
    const password = 'a benchmark passphrase';
    const passwordHash = await hashPassword(password);
    const unit = async (code: string) =>
      (await kdb.selectFrom('units').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;
    const users: Array<[string, 'admin' | 'analyst' | 'unit_manager', number | null]> = [
      ['admin@bench.vn', 'admin', null],
      ['root-manager@bench.vn', 'unit_manager', await unit('SGDDT')],
      ['school-manager@bench.vn', 'unit_manager', await unit('THCS-LQD')],
    ];
    const cookies: Record<string, string> = {};
    for (const [email, role, unitId] of users) {
      const u = await kdb
        .insertInto('users')
        .values({ email, display_name: email, password_hash: passwordHash })
        .returning('id')
        .executeTakeFirstOrThrow();
      await kdb.insertInto('user_roles').values({ user_id: u.id, role, unit_id: unitId }).execute();
      cookies[email] = await signIn(server.url, email, password);
    }
    // Warm up (JIT, connection pool, PostgreSQL caches) so the first measured phase is not penalised.
    await phase(server.url, 'warm-up', '/api/v1/links', 'admin@bench.vn', cookies['admin@bench.vn']);
    const phases: Phase[] = [];
    const run = async (label: string, path: string, as: string | null) => {
      const p = await phase(server.url, label, path, as, as ? cookies[as] : undefined);
      log(`${label}: ${round(p.perSecond)} req/s, p50 ${p.p50} ms, p99 ${p.p99} ms`);
      phases.push(p);
    };
    await run('Baseline: GET /healthz (no session)', '/healthz', null);
    await run('GET /api/v1/auth/me (session lookup)', '/api/v1/auth/me', 'admin@bench.vn');
    await run('GET /api/v1/units, admin (unscoped)', '/api/v1/units', 'admin@bench.vn');
    await run('GET /api/v1/units, manager of the Sở (scoped, whole tree)', '/api/v1/units', 'root-manager@bench.vn');
    await run('GET /api/v1/units, manager of one school (scoped)', '/api/v1/units', 'school-manager@bench.vn');
    await run('GET /api/v1/links, admin (unscoped)', '/api/v1/links', 'admin@bench.vn');
    await run('GET /api/v1/links, manager of the Sở (scoped, whole tree)', '/api/v1/links', 'root-manager@bench.vn');
    return { date: new Date().toISOString(), argon, phases };
  } finally {
    await kdb.destroy();
    await server.stop();
    await db.stop();
  }
}

function markdown(figures: Awaited<ReturnType<typeof main>>): string {
  const by = (label: string) => figures.phases.find((p) => p.label.startsWith(label))!;
  const baseline = by('Baseline');
  const me = by('GET /api/v1/auth/me');
  const unitsAdmin = by('GET /api/v1/units, admin');
  const unitsRoot = by('GET /api/v1/units, manager of the Sở');
  const linksAdmin = by('GET /api/v1/links, admin');
  const linksRoot = by('GET /api/v1/links, manager of the Sở');
  const rows = figures.phases
    .map((p) => `| ${p.label} | ${p.rows ?? '—'} | ${round(p.perSecond)} | ${p.p50} ms | ${p.p99} ms | ${p.non2xx} |`)
    .join('\n');
  return `## Access control (bench/access.ts)

Measured ${figures.date.slice(0, 10)} on ${machineLine()}. The app (\`buildApp\`, in a child process) on an
embedded PostgreSQL 18 with the demo data (69 units, ~70 links); autocannon on loopback, ${CONNECTIONS}
connections, ${SECONDS} s per phase, sharing the two cores with the server and PostgreSQL. Every signed-in
request looks its session up (one query joining sessions and users, one for the roles); a unit manager's
lists are filtered through a recursive query over the unit tree. The manager of the Sở sees the same rows
as the admin, so the two rows of each pair differ only by the scoping. Phases run one after the other after a
warm-up; on this shared two-core machine, differences of ±20 % between runs are noise.

| Phase | Rows | Req/s | p50 | p99 | Non-2xx |
| --- | --: | --: | --: | --: | --: |
${rows}

- Session lookup: GET /api/v1/auth/me serves **${round((me.perSecond / baseline.perSecond) * 100)} %** of the
  baseline's rate.
- Unit scoping over the whole tree: units list at **${round((unitsRoot.perSecond / unitsAdmin.perSecond) * 100)} %**
  of the unscoped rate, links list at **${round((linksRoot.perSecond / linksAdmin.perSecond) * 100)} %**.
- One sign-in's argon2id check (19 MiB, t=2, p=1; OWASP's minimum): p50 **${round(figures.argon.p50)} ms**,
  p95 ${round(figures.argon.p95)} ms of one core. With at most ${30} attempts a minute per IP address
  and 5 failures per account in 15 minutes, guessing costs an attacker far more than it costs the server.`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main()
    .then(async (figures) => {
      await writeSection('access', markdown(figures));
      console.log('written to docs/benchmarks.md (section bench:access)');
    })
    .catch((err: unknown) => {
      console.error(err);
      process.exit(1);
    });
}
