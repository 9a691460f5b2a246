import type { Config } from './config.js';
import { startEmbeddedPostgres } from './db/embedded.js';
import { migrate } from './db/migrate.js';
import { createKysely, createPool } from './db/pool.js';
import { loadDemoAnswersInBackground, type DemoAnswersLoad } from './demo/background.js';
import { seedDemo } from './demo/seed.js';
import { publishDefinitions, PublishError, readDefinitionFiles } from './definitions/publish.js';
import { ensureFirstAdmin } from './users/bootstrap.js';

export interface PreparedDatabase {
  databaseUrl: string;
  /** Start what may run while the server answers (the demo's answers); after it listens. */
  startBackground(): void;
  stop(): Promise<void>;
  /** Lines to print once the server listens at base, `seconds` after the process started. */
  banner(base: string, seconds?: number): string[];
}

/**
 * Everything between "process started" and "server can listen": the database, migrations,
 * the first administrator, published definitions and demo data. Shared by `npm start` and
 * the tests, so both exercise the same path.
 */
export async function prepareDatabase(config: Config, say: (msg: string) => void): Promise<PreparedDatabase> {
  let phase = performance.now();
  // Each step's time, so a slow start says where it went.
  const took = () => {
    const now = performance.now();
    const seconds = ((now - phase) / 1000).toFixed(1);
    phase = now;
    return `(${seconds} s)`;
  };
  let databaseUrl = config.DATABASE_URL;
  let stopEmbedded = async () => {};
  if (!databaseUrl) {
    say(`starting embedded PostgreSQL in ${config.DATA_DIR}…`);
    const embedded = await startEmbeddedPostgres({
      dataDir: config.DATA_DIR,
      port: config.EMBEDDED_PG_PORT,
      // PostgreSQL's own chatter stays out of the app's output; the supervisor's events and hard failures do not.
      onLog: (line) => {
        if (/^\[supervisor\]|left running by an earlier start|\bPANIC:/.test(line)) say(line.trim());
      },
    });
    databaseUrl = embedded.url;
    stopEmbedded = embedded.stop;
    say(`embedded PostgreSQL on 127.0.0.1:${embedded.port} ${took()}`);
  }
  const pool = createPool(databaseUrl, 4);
  const db = createKysely(pool);
  try {
    const migrations = await migrate(pool);
    if (migrations.applied.length > 0) say(`migrations applied: ${migrations.applied.join(', ')} ${took()}`);
    const admin = await ensureFirstAdmin(db, config);
    let demoLinks: Array<{ code: string; unit: string; unitCode: string; survey: string }> = [];
    if (config.PUBLISH_DEFINITIONS_ON_START || config.DEMO_DATA) {
      try {
        const outcomes = await publishDefinitions(db, await readDefinitionFiles(), { publishedBy: 'start' });
        const published = outcomes.filter((o) => o.status === 'published');
        if (published.length > 0) {
          say(`published: ${published.map((o) => `${o.slug} v${o.number}`).join(', ')} ${took()}`);
        }
      } catch (err) {
        // A bad definition file must not keep the service down; the versions already published stay in use.
        if (!(err instanceof PublishError)) throw err;
        say(`survey definitions NOT published:\n${err.message}`);
      }
    }
    let needsAnswers = false;
    if (config.DEMO_DATA) {
      // Units and links now (the banner shows demo forms); the year of answers once the server listens.
      const seeded = await seedDemo(db, new Date(), { responses: false });
      if (seeded.units + seeded.links > 0) say(`demo data: ${seeded.units} units, ${seeded.links} links ${took()}`);
      needsAnswers = !(await db.selectFrom('responses').select('id').limit(1).executeTakeFirst());
      demoLinks = await db
        .selectFrom('links as l')
        .innerJoin('units as u', 'u.id', 'l.unit_id')
        .innerJoin('surveys as s', 's.id', 'l.survey_id')
        .select(['l.code', 'u.name as unit', 'u.code as unitCode', 's.slug as survey'])
        .where('l.retired_at', 'is', null)
        .where('s.slug', 'in', ['tthc-services', 'education-parents-tieu-hoc'])
        .orderBy('s.slug', 'desc')
        .orderBy('l.id')
        .execute();
    }
    const examples = [
      demoLinks.find((l) => l.survey === 'education-parents-tieu-hoc'),
      // The Sở's office that answers for most procedures (its QR code hangs at the service centre).
      demoLinks.find((l) => l.survey === 'tthc-services' && l.unitCode === 'VP-SO') ??
        demoLinks.find((l) => l.survey === 'tthc-services'),
    ].filter((l) => l !== undefined);
    let answers: DemoAnswersLoad | undefined;
    const url = databaseUrl;
    return {
      databaseUrl,
      startBackground: () => {
        if (needsAnswers && !answers) answers = loadDemoAnswersInBackground(url, say);
      },
      stop: async () => {
        await answers?.cancel();
        await stopEmbedded();
      },
      banner: (base, seconds) => [
        '',
        `  Hài lòng is running:  ${base}/admin/`,
        ...(seconds === undefined ? [] : [`  Started in:           ${seconds.toFixed(1)} s`]),
        admin
          ? `  Sign in as:           ${admin.email}${admin.password ? `  /  ${admin.password}` : ''}`
          : '  Sign in with the administrator account you configured.',
        ...examples.map((l) => `  Demo form:            ${base}/f/${l.code}   (${l.unit})`),
        `  API docs:             ${base}/api/docs`,
        '',
      ],
    };
  } catch (err) {
    await stopEmbedded().catch(() => {});
    throw err;
  } finally {
    await db.destroy();
  }
}
