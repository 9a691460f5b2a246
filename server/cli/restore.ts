/**
 * npm run restore -- FILE [--force]
 * Restores a backup made by `npm run backup` into DATABASE_URL, or into the embedded database in
 * DATA_DIR (created if missing). The target must hold no data; --force deletes everything in it
 * first. Exit 0 on success, 1 on failure, 2 on bad usage or configuration, 3 when refused.
 */
import { existsSync } from 'node:fs';
import pg from 'pg';
import { ConfigError, loadConfig } from '../config.js';
import { openToolDatabase } from '../db/backup-target.js';
import { describe } from '../db/embedded.js';
import { restoreDatabase, RestoreRefused } from '../db/restore.js';

const USAGE = 'usage: npm run restore -- FILE [--force]   (--force: delete everything in the target first)';

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const force = args.includes('--force');
  const files = args.filter((a) => !a.startsWith('--'));
  const unknown = args.filter((a) => a.startsWith('--') && a !== '--force');
  if (args.includes('--help') || files.length !== 1 || unknown.length > 0) {
    console.error(USAGE);
    return args.includes('--help') ? 0 : 2;
  }
  const file = files[0]!;
  if (!existsSync(file)) {
    console.error(`no such file: ${file}`);
    return 2;
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
  const target = await openToolDatabase(config, { createIfMissing: true });
  try {
    if (target.appPid !== undefined) {
      console.error(
        `the app (pid ${target.appPid}) is running with DATA_DIR=${config.DATA_DIR}: stop it first (Ctrl-C, or kill ${target.appPid}), then restore`,
      );
      return 3;
    }
    const pool = new pg.Pool({ connectionString: target.url, max: 2, application_name: 'hai-long-restore' });
    try {
      const started = Date.now();
      const result = await restoreDatabase(pool, file, { force, log: (line) => console.log(line) });
      const total = Object.values(result.rows).reduce((a, b) => a + b, 0);
      console.log(
        `restored ${file} (made ${result.header.createdAt} from PostgreSQL ${result.header.server}) into ${target.describe}:\n` +
          `  ${Object.keys(result.rows).length} tables, ${total} rows (${result.rows.responses ?? 0} responses) ` +
          `in ${((Date.now() - started) / 1000).toFixed(1)} s` +
          (result.upgraded.length > 0 ? `; then applied newer migrations: ${result.upgraded.join(', ')}` : ''),
      );
      return 0;
    } catch (err) {
      if (err instanceof RestoreRefused) {
        console.error(`restore refused: ${err.message}`);
        return 3;
      }
      throw err;
    } finally {
      await pool.end();
    }
  } finally {
    await target.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`restore failed: ${describe(err)}`);
    process.exit(1);
  },
);
