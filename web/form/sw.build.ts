import path from 'node:path';
import type { LogLevel } from 'vite';

/**
 * The service worker (sw.ts) is built on its own into one classic script at the build root
 * (dist/sw.js, served at /sw.js): a worker cannot load the page's hashed chunks, and a build of its
 * own keeps the outbox code it shares with the page out of a chunk the page would have to load.
 */
export async function buildServiceWorker(outDir: string, logLevel: LogLevel, target: string): Promise<void> {
  const { build } = await import('vite');
  await build({
    configFile: false,
    root: import.meta.dirname,
    logLevel,
    publicDir: false,
    build: {
      outDir,
      emptyOutDir: false,
      target,
      copyPublicDir: false,
      rollupOptions: {
        input: path.join(import.meta.dirname, 'sw.ts'),
        output: { format: 'iife', entryFileNames: 'sw.js' },
      },
    },
  });
}
