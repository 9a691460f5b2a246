/**
 * A real server for the benches, on its own embedded PostgreSQL with the demo data, run in a child
 * process so the load generator (autocannon, chromium) never shares the server's event loop.
 *
 *   const db = await prepareBenchDatabase();                       // embedded PG, migrated, demo data
 *   const server = await startServerProcess({ databaseUrl: db.url }); // node bench/server.ts, child
 *   ...; await server.stop(); await db.stop();
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';

export interface BenchDatabase {
  url: string;
  stop(): Promise<void>;
}

/** An embedded PostgreSQL in a temp folder with migrations, published definitions and demo data. */
export async function prepareBenchDatabase(log: (line: string) => void = () => {}): Promise<BenchDatabase> {
  const { startEmbeddedPostgres } = await import('../server/db/embedded.js');
  const { migrate } = await import('../server/db/migrate.js');
  const { createKysely, createPool } = await import('../server/db/pool.js');
  const { publishDefinitions, readDefinitionFiles } = await import('../server/definitions/publish.js');
  const { seedDemo } = await import('../server/demo/seed.js');
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'hailong-bench-pg-'));
  log(`embedded PostgreSQL in ${dataDir}…`);
  const pg = await startEmbeddedPostgres({ dataDir });
  const pool = createPool(pg.url, 4);
  const db = createKysely(pool);
  try {
    await migrate(pool);
    await publishDefinitions(db, await readDefinitionFiles());
    const seeded = await seedDemo(db);
    log(`demo data: ${seeded.units} units, ${seeded.links} links, ${seeded.responses} responses`);
  } finally {
    await db.destroy();
  }
  return {
    url: pg.url,
    async stop() {
      await pg.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Start `buildApp` in a child process on a loopback port; env adds configuration (e.g. HL_WEB_DIST). */
export async function startServerProcess(options: {
  databaseUrl: string;
  env?: Record<string, string>;
  /** Extra node flags for the server, e.g. ['--cpu-prof'] to profile it. */
  nodeArgs?: string[];
}): Promise<ServerProcess> {
  const script = path.join(import.meta.dirname, 'server.ts');
  const args = [...(options.nodeArgs ?? []), '--import', 'tsx', script, '--serve'];
  const child = spawn(process.execPath, args, {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      LOG_LEVEL: 'silent',
      DATABASE_URL: options.databaseUrl,
      DEMO_DATA: 'false',
      PUBLISH_DEFINITIONS_ON_START: 'false',
      WEB_BUILD_ON_START: 'false',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      const m = /^LISTENING (\d+)$/.exec(line);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`bench server exited early (${code})`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

async function serve() {
  const { loadConfig } = await import('../server/config.js');
  const { buildApp } = await import('../server/app.js');
  const config = loadConfig();
  const app = await buildApp({ config, databaseUrl: config.DATABASE_URL! });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  console.log(`LISTENING ${typeof address === 'object' && address ? address.port : 0}`);
  process.once('SIGTERM', () => {
    void app.close().then(() => process.exit(0));
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href && process.argv.includes('--serve')) {
  serve().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
