import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import supertest from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';
import { buildApp, type App } from '../../server/app.js';
import { hash } from '@node-rs/argon2';
import { CSRF_HEADER } from '../../server/auth/plugin.js';
import { loadConfig, type Config } from '../../server/config.js';
import type { Database, Role } from '../../server/db/schema.js';
import { publishDefinitions, readDefinitionFiles } from '../../server/definitions/publish.js';
import { seedDemo } from '../../server/demo/seed.js';
import { createTestDatabase, type Fixture, type TestDatabase } from './db.js';

export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DEMO_DATA: 'false',
    WEB_BUILD_ON_START: 'false',
    DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'hailong-test-data-')),
    ...overrides,
  });
}

export interface TestApp {
  app: App;
  /** Base URL of the real HTTP server, e.g. http://127.0.0.1:41234 */
  url: string;
  db: Database;
  database: TestDatabase;
  config: Config;
  request: () => TestAgent;
  close(): Promise<void>;
}

/** The demo as `npm start` loads it: definitions published, the demo units, links and a year of answers. */
const DEMO: Fixture = {
  name: 'demo',
  versionBase: 700_000,
  async fill(db) {
    await publishDefinitions(db, await readDefinitionFiles());
    await seedDemo(db);
  },
};

/**
 * The real app on a real port over a fresh database. With demo: true, definitions are
 * published and the demo units, links and responses loaded, as `npm start` does; with a fixture,
 * that fixture's data. Either is loaded once per run into a template that each file clones.
 */
export async function startTestApp(
  options: {
    demo?: boolean;
    fixture?: Fixture;
    config?: Record<string, string>;
    /** Add routes or hooks before the app is ready (e.g. a route without an access declaration). */
    beforeListen?: (app: App) => void | Promise<void>;
  } = {},
): Promise<TestApp> {
  const database = await createTestDatabase({ fixture: options.demo ? DEMO : options.fixture });
  const config = testConfig(options.config);
  const app = await buildApp({ config, databaseUrl: database.url });
  await options.beforeListen?.(app);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return {
    app,
    url,
    db: database.db,
    database,
    config,
    request: () => supertest.agent(url),
    async close() {
      await app.close();
      await database.drop();
    },
  };
}

let userCounter = 0;

/**
 * Test users get argon2id hashes at a small cost (1 MiB, t=1): the app verifies them with the same
 * code path (verify reads the cost from the hash), in milliseconds instead of a tenth of a second for
 * each user made and each sign-in. Accounts the app itself creates keep the production cost.
 */
const cheapHash = (password: string) => hash(password, { memoryCost: 1024, timeCost: 1, parallelism: 1 });

/** Create a user with the given roles; returns their credentials. */
export async function createUser(
  db: Database,
  roles: Array<{ role: Role; unitId?: number | null }>,
  password = 'correct horse battery staple',
): Promise<{ id: number; email: string; password: string }> {
  const email = `user${++userCounter}-${Date.now()}@test.hailong.vn`;
  const user = await db
    .insertInto('users')
    .values({ email, display_name: 'Người dùng thử', password_hash: await cheapHash(password) })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const r of roles) {
    await db
      .insertInto('user_roles')
      .values({ user_id: user.id, role: r.role, unit_id: r.unitId ?? null })
      .execute();
  }
  return { id: user.id, email, password };
}

/** A supertest agent signed in as a new user with these roles (cookie kept by the agent). */
export async function signedInAgent(
  t: TestApp,
  roles: Array<{ role: Role; unitId?: number | null }> = [{ role: 'admin' }],
): Promise<{ agent: TestAgent; csrfToken: string; user: { id: number; email: string; password: string } }> {
  const user = await createUser(t.db, roles);
  const agent = t.request();
  const res = await agent.post('/api/v1/auth/login').send({ email: user.email, password: user.password });
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${JSON.stringify(res.body)}`);
  const csrfToken = res.body.user.csrfToken as string;
  // Every later request of this agent carries the CSRF token, as the admin app does.
  agent.set(CSRF_HEADER, csrfToken);
  return { agent, csrfToken, user };
}
