import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TSurveyDefinition } from '../domain/definition.js';
import { withTransaction } from '../server/db/client.js';
import { migrate } from '../server/db/migrate.js';
import { createPool } from '../server/db/pool.js';
import { startFormTestApp } from './form-fixtures.js';
import { signedInAgent, type TestApp } from './helpers/app.js';
import { createTestDatabase } from './helpers/db.js';
import { armFault, type FaultKind } from './helpers/faults.js';
import { validAnswers } from './helpers/answers.js';

/**
 * Issue #9.1: one request must never poison the pool. A failure is injected at each step of every
 * place that holds a client across statements (the export's COPY, kysely transactions, the
 * migration runner, withTransaction), as a failing statement and as a killed connection; after
 * each, the pool must serve normally: no session left inside a transaction, /readyz 200 on every
 * pooled connection, and a valid submission 201.
 */
const KINDS: FaultKind[] = ['error', 'kill'];

let t: TestApp;
let admin: Awaited<ReturnType<typeof signedInAgent>>['agent'];
let target: { code: string; versionId: number; definition: TSurveyDefinition };

const submit = () =>
  t
    .request()
    .post('/api/v1/public/responses')
    .send({
      id: randomUUID(),
      linkCode: target.code,
      versionId: target.versionId,
      answers: validAnswers(target.definition, 5),
      startedAt: new Date(Date.now() - 120_000).toISOString(),
    });

async function expectHealthy(where: string): Promise<void> {
  // Cleanup of a destroyed stream is asynchronous: give it a moment before judging.
  let stuck = -1;
  for (let i = 0; i < 40; i++) {
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from pg_stat_activity
       where datname = current_database() and state like 'idle in transaction%'`.execute(t.db);
    stuck = rows[0]!.n;
    if (stuck === 0) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  expect(stuck, `${where}: sessions left inside a transaction`).toBe(0);
  // More requests at once than the pool has connections, so every pooled client is used.
  const ready = await Promise.all(Array.from({ length: 24 }, () => t.request().get('/readyz')));
  expect(
    ready.map((r) => r.status),
    where,
  ).toEqual(ready.map(() => 200));
  const res = await submit();
  expect(res.status, `${where}: ${JSON.stringify(res.body)}`).toBe(201);
}

beforeAll(async () => {
  t = await startFormTestApp();
  ({ agent: admin } = await signedInAgent(t));
  const row = await t.db
    .selectFrom('links as l')
    .innerJoin('units as u', 'u.id', 'l.unit_id')
    .innerJoin('survey_versions as v', 'v.survey_id', 'l.survey_id')
    .select(['l.code', 'v.id as versionId', 'v.definition'])
    .where('u.code', '=', 'VP-SO')
    .orderBy('v.number', 'desc')
    .executeTakeFirstOrThrow();
  target = { code: row.code, versionId: row.versionId, definition: row.definition as TSurveyDefinition };
  for (let i = 0; i < 3; i++) expect((await submit()).status).toBe(201);
});
afterAll(() => t.close());

describe('the CSV export (COPY)', () => {
  // The export is one COPY statement (server/db/copy.ts): it fails before the first byte or streams.
  const STEPS = ['copy'];
  for (const kind of KINDS) {
    for (const step of STEPS) {
      it(`${kind} at ${step}: the export fails or ends, and the pool serves normally`, async () => {
        const fault = armFault((text) => text.trimStart().toLowerCase().startsWith(step), 1, kind);
        let status: number | string;
        try {
          const res = await admin.get('/api/v1/exports/responses.csv?survey=tthc-services');
          status = res.status;
        } catch (err) {
          // A failure after the first byte can only end the download early.
          status = (err as Error).message;
        } finally {
          fault.disarm();
        }
        expect(fault.fired(), `no ${step} statement was seen`).toBe(true);
        expect([400, 503]).toContain(status);
        await expectHealthy(`${kind} at ${step}`);
      });
    }
  }

  it('the reproduction from the issue (a NUL in a filter) is a 400 and poisons nothing', async () => {
    const res = await admin.get('/api/v1/exports/responses.csv?survey=tthc-services&ward=%00');
    expect(res.status).toBe(400);
    await expectHealthy('ward=%00');
  });
});

describe('kysely transactions (creating links: lookups, a transaction with an audit row)', () => {
  it('fails cleanly at every statement of the request, for both kinds of fault', async () => {
    const units = await t.db.selectFrom('units').select('code').where('kind', '=', 'school').orderBy('id').execute();
    let next = 0;
    const create = () =>
      admin.post('/api/v1/links').send({ survey: 'tthc-services', unit: units[next++]!.code, channel: 'qr' });
    // Count the statements one successful request sends.
    const counter = armFault(() => true, Number.POSITIVE_INFINITY, 'error');
    const ok = await create();
    counter.disarm();
    expect(ok.status).toBe(201);
    const steps = counter.seen();
    expect(steps).toBeGreaterThanOrEqual(5);
    for (const kind of KINDS) {
      for (let step = 1; step <= steps; step++) {
        const fault = armFault(() => true, step, kind);
        const res = await create();
        fault.disarm();
        expect(res.status, `${kind} at statement ${step}`).not.toBe(500);
        expect([200, 201, 400, 503]).toContain(res.status);
        await expectHealthy(`links: ${kind} at statement ${step}`);
      }
    }
  });
});

describe('withTransaction and the migration runner', () => {
  it('withTransaction rolls back or destroys the client on every path', async () => {
    const pool = createPool(t.database.url, 2);
    try {
      for (const kind of KINDS) {
        for (const step of ['begin', 'insert', 'commit']) {
          const fault = armFault((text) => text.trimStart().toLowerCase().startsWith(step), 1, kind);
          await expect(
            withTransaction(pool, async (c) => {
              await c.query(`insert into audit_log (action, target_type, details) values ('test.fault', 'none', '{}')`);
            }),
          ).rejects.toThrow();
          fault.disarm();
          // Both connections of this small pool must be clean afterwards.
          const results = await Promise.all([pool.query('select 1 as ok'), pool.query('select 1 as ok')]);
          expect(results.every((r) => r.rows[0].ok === 1)).toBe(true);
        }
      }
      await expect(
        withTransaction(pool, async () => {
          throw new Error('a bug in the callback');
        }),
      ).rejects.toThrow('a bug in the callback');
      expect((await pool.query('select 1 as ok')).rows[0].ok).toBe(1);
    } finally {
      await pool.end();
    }
  });

  it('a migration run that fails at any step leaves a pool that can run them again', async () => {
    const fresh = await createTestDatabase({ migrated: false });
    try {
      for (let step = 1; step <= 8; step++) {
        const fault = armFault(() => true, step, step % 2 === 0 ? 'kill' : 'error');
        await migrate(fresh.pool).catch(() => undefined);
        fault.disarm();
      }
      const result = await migrate(fresh.pool);
      expect(result.applied.length + result.skipped.length).toBeGreaterThan(5);
      const { rows } = await fresh.pool.query<{ n: number }>(
        `select count(*)::int as n from pg_stat_activity where datname = current_database() and state like 'idle in transaction%'`,
      );
      expect(rows[0]!.n).toBe(0);
    } finally {
      await fresh.drop();
    }
  });
});
