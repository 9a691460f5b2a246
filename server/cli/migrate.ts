import { migrate } from '../db/migrate.js';
import { runWithDatabase } from './run.js';

await runWithDatabase(async ({ pool }) => {
  const result = await migrate(pool);
  console.log(
    result.applied.length > 0
      ? `applied ${result.applied.length} migration(s): ${result.applied.join(', ')}`
      : `up to date (${result.skipped.length} migration(s) already applied)`,
  );
});
