import { mkdtempSync, chmodSync, mkdirSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort, startEmbeddedPostgres, StartError } from '../server/db/embedded.js';
import { seedDataDir } from './setup/database.js';

/** Issue #9.3: start failures say what failed and what to do. */
describe('embedded PostgreSQL start failures', { timeout: 120_000 }, () => {
  it('a port already taken gives a message naming EMBEDDED_PG_PORT, never "undefined"', async () => {
    const port = await freePort();
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'hailong-port-'));
    try {
      // An initdb'd cluster (the run's), so that only the start itself is tried: initdb would take seconds.
      await seedDataDir(dataDir);
      const err = await startEmbeddedPostgres({ dataDir, port }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(StartError);
      expect((err as Error).message).toMatch(/EMBEDDED_PG_PORT/);
      expect((err as Error).message).toMatch(/did not start/);
      expect((err as Error).message).not.toMatch(/undefined/);
    } finally {
      blocker.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it.runIf(process.getuid?.() === 0)(
    'as root, a data folder the postgres user cannot enter is refused with what to change',
    async () => {
      const locked = mkdtempSync(path.join(os.tmpdir(), 'hailong-locked-'));
      chmodSync(locked, 0o700);
      const dataDir = path.join(locked, 'data');
      mkdirSync(dataDir);
      const err = await startEmbeddedPostgres({ dataDir }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(StartError);
      expect((err as Error).message).toContain(`cannot enter ${locked}`);
      expect((err as Error).message).toMatch(/chmod o\+x|DATA_DIR/);
    },
  );
});
