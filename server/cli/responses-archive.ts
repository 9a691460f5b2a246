/**
 * npm run responses:archive [-- --drop]
 * Runs one round of the month-partition upkeep of responses (server/db/partitions.ts) now, with the
 * configured RESPONSE_RETENTION_MONTHS: makes the months ahead, detaches and archives the months older
 * than the setting, and drops archived months past RESPONSE_ARCHIVE_GRACE_DAYS. With --drop, every
 * archived month is dropped at once (after a backup that holds it: docs/operations.md). Then lists them.
 */
import { partitionUpkeep } from '../db/partitions.js';
import { runWithDatabase } from './run.js';

const args = process.argv.slice(2);
if (args.some((a) => a !== '--drop')) {
  console.error('usage: npm run responses:archive [-- --drop]   (--drop: drop every archived month now)');
  process.exit(args.includes('--help') ? 0 : 2);
}

await runWithDatabase(async ({ pool, config }) => {
  const client = await pool.connect();
  try {
    const done = await partitionUpkeep(client, {
      retentionMonths: config.RESPONSE_RETENTION_MONTHS,
      archiveGraceDays: args.includes('--drop') ? 0 : config.RESPONSE_ARCHIVE_GRACE_DAYS,
    });
    console.log(
      `months made ahead: ${done.made}; detached: ${done.detached.join(', ') || 'none'}; ` +
        `archived: ${done.archived.join(', ') || 'none'}; dropped: ${done.dropped.join(', ') || 'none'}`,
    );
    const { rows } = await client.query<{ table_name: string; rows: string; detached_at: Date }>(
      `select table_name, rows::text, detached_at from response_archives where dropped_at is null order by table_name`,
    );
    for (const r of rows) {
      console.log(`  response_archive.${r.table_name}: ${r.rows} answers, detached ${r.detached_at.toISOString()}`);
    }
  } finally {
    client.release();
  }
});
