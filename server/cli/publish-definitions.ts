import { migrate } from '../db/migrate.js';
import { DEFINITIONS_DIR, publishDefinitions, PublishError, readDefinitionFiles } from '../definitions/publish.js';
import { runWithDatabase } from './run.js';

// Usage: npm run definitions:publish [-- <folder>]   (default: survey-definitions/)
await runWithDatabase(async ({ db, pool }) => {
  await migrate(pool);
  const dir = process.argv[2] ?? DEFINITIONS_DIR;
  try {
    const outcomes = await publishDefinitions(db, await readDefinitionFiles(dir), {
      publishedBy: `cli:${process.env.USER ?? 'unknown'}`,
    });
    for (const o of outcomes) {
      console.log(
        `${o.status === 'published' ? 'published' : 'unchanged'}  ${o.slug} v${o.number}  (${o.file}, ${o.contentHash.slice(0, 12)})`,
      );
    }
  } catch (err) {
    if (err instanceof PublishError) {
      console.error(err.message);
      return 1;
    }
    throw err;
  }
});
