import { readFile } from 'node:fs/promises';
import { migrate } from '../db/migrate.js';
import { importUnits, UnitImportError } from '../units/import.js';
import { runWithDatabase } from './run.js';

// Usage: npm run units:import -- file.csv
await runWithDatabase(async ({ db, pool }) => {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: npm run units:import -- <file.csv>');
    return 2;
  }
  await migrate(pool);
  try {
    const result = await importUnits(db, await readFile(file, 'utf8'));
    console.log(`imported ${file}: ${result.inserted} new unit(s), ${result.updated} updated`);
  } catch (err) {
    if (err instanceof UnitImportError) {
      console.error(err.message);
      return 1;
    }
    throw err;
  }
});
