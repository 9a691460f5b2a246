import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../server/db/embedded.js';
import { migrate } from '../../server/db/migrate.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A connection string to a maintenance database where CREATE DATABASE is allowed. */
    pgAdminUrl: string;
    /** A migrated database that each test file clones (CREATE DATABASE … TEMPLATE). */
    pgTemplate: string;
  }
}

/**
 * One real PostgreSQL for the whole run: DATABASE_URL when set, else an embedded one in a
 * temp folder. Migrations run once into a template; each test file clones it, which takes
 * milliseconds and keeps files independent.
 */
export default async function setup(project: TestProject) {
  const webDist = await mkdtemp(path.join(os.tmpdir(), 'hailong-test-web-'));
  // Set before the web modules load: WEB_DIST is read once, and workers inherit the environment.
  process.env.HL_WEB_DIST = webDist;
  const { buildWeb } = await import('../../server/web/build.js');
  let embedded: EmbeddedDatabase | undefined;
  let dataDir: string | undefined;
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'hailong-test-pg-'));
    embedded = await startEmbeddedPostgres({ dataDir });
    adminUrl = embedded.adminUrl;
  }
  const template = `hl_template_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${template}`);
  await admin.query(`create database ${template}`);
  const templateUrl = new URL(adminUrl);
  templateUrl.pathname = `/${template}`;
  const pool = new pg.Pool({ connectionString: templateUrl.toString(), max: 1 });
  await migrate(pool);
  await pool.end();

  // Browser tests need the built web app; build once here, into this run's own folder.
  // HL_SKIP_WEB_BUILD=1 runs API-only files without building the web app (browser tests need it).
  if (process.env.HL_SKIP_WEB_BUILD !== '1') await buildWeb();

  project.provide('pgAdminUrl', adminUrl);
  project.provide('pgTemplate', template);

  return async () => {
    // Drop databases the test files left behind (a crashed file cannot drop its own).
    const leftovers = await admin.query<{ datname: string }>(
      `select datname from pg_database where datname like 'hl_test_%' or datname = $1`,
      [template],
    );
    for (const { datname } of leftovers.rows) await admin.query(`drop database if exists ${datname} with (force)`);
    await admin.end();
    await embedded?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
    await rm(webDist, { recursive: true, force: true });
  };
}
