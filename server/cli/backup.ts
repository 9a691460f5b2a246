/**
 * npm run backup [-- FILE]
 * Writes a consistent logical backup (server/db/backup.ts; docs/operations.md says what is in it)
 * of DATABASE_URL, or of the embedded database in DATA_DIR, running or not. Default file:
 * backups/hailong-YYYYMMDD-HHMMSS.jsonl.gz. Exit 0 on success, 1 on failure, 2 on bad configuration.
 */
import pg from 'pg';
import { ConfigError, loadConfig } from '../config.js';
import { backupDatabase, defaultBackupFile } from '../db/backup.js';
import { openToolDatabase } from '../db/backup-target.js';
import { describe } from '../db/embedded.js';

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.length > 1 || args.some((a) => a.startsWith('--'))) {
    console.error('usage: npm run backup [-- FILE]   (default FILE: backups/hailong-YYYYMMDD-HHMMSS.jsonl.gz)');
    return args.includes('--help') ? 0 : 2;
  }
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      return 2;
    }
    throw err;
  }
  const file = args[0] ?? defaultBackupFile();
  const target = await openToolDatabase(config, { createIfMissing: false });
  const pool = new pg.Pool({ connectionString: target.url, max: 1, application_name: 'hai-long-backup' });
  try {
    const started = Date.now();
    const result = await backupDatabase(pool, file);
    const total = Object.values(result.rows).reduce((a, b) => a + b, 0);
    console.log(
      `backup written: ${result.file}\n` +
        `  from ${target.describe}; ${Object.keys(result.rows).length} tables, ${total} rows ` +
        `(${result.rows.responses ?? 0} responses), ${result.migrations} migrations; ` +
        `${(result.bytes / 2 ** 20).toFixed(1)} MB in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    return 0;
  } finally {
    await pool.end();
    await target.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`backup failed: ${describe(err)}`);
    process.exit(1);
  },
);
