import { readFileSync } from 'node:fs';

/**
 * Which heavy shared resources the selected test files need, read from their source: PostgreSQL for
 * every file in tests/ or using its helpers (pure unit files in domain/ and web/ need none), the built
 * web app for any file that opens a browser or asks the server for a page or a static file, and one
 * chromium for the files that use tests/helpers/browser.ts, and the compiled server for the files that
 * spawn it (tests/helpers/server-process.ts; one that this misses still runs it, through tsx). Over-inclusion
 * only costs time; a file this misses would fail (no database, no page), never pass by mistake.
 */
const DATABASE = /helpers\/|fixtures|inject\(/;
const BROWSER = /helpers\/browser/;
/** Files that start the server or a CLI as a child process, all through tests/helpers/server-process.ts. */
const SERVER = /helpers\/server-process/;
const WEB =
  /helpers\/browser|WEB_DIST|text\/html|sw\.js|[`'"}]\/(f|k|admin|cong-khai|phan-anh|assets|manifest|icons)(\/|\b)/;

export interface Needs {
  database: boolean;
  web: boolean;
  browser: boolean;
  server: boolean;
}

export function needsOf(files: string[]): Needs {
  const needs = { database: false, web: false, browser: false, server: false };
  for (const file of files) {
    let source: string;
    try {
      source = readFileSync(file, 'utf8');
    } catch {
      // Unreadable here: assume the worst rather than skip what it may need.
      return { database: true, web: true, browser: true, server: true };
    }
    needs.database ||= file.split(/[\\/]/).includes('tests') || DATABASE.test(source);
    needs.web ||= WEB.test(source);
    needs.browser ||= BROWSER.test(source);
    needs.server ||= SERVER.test(source);
    if (needs.database && needs.web && needs.browser && needs.server) break;
  }
  return needs;
}
