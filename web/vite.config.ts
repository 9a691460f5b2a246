import react from '@vitejs/plugin-react';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { defineConfig, type LogLevel, type Plugin } from 'vite';
import { buildServiceWorker } from './form/sw.build.js';

const root = import.meta.dirname;
const target = 'es2019';

function precompress(): Plugin {
  return {
    // Phones on slow networks: the server sends these .br/.gz copies (@fastify/static preCompressed),
    // so scripts and styles travel compressed even with no proxy in front.
    name: 'precompress',
    apply: 'build',
    async writeBundle(
      options: { dir?: string },
      bundle: Record<string, { type: string; code?: string; source?: unknown }>,
    ) {
      const { writeFile } = await import('node:fs/promises');
      const { promisify } = await import('node:util');
      const zlib = await import('node:zlib');
      const brotli = promisify(zlib.brotliCompress);
      const gzip = promisify(zlib.gzip);
      // In parallel on libuv's threads; brotli 10 is within 1 % of 11 at a third of the time.
      const jobs = Object.entries(bundle).flatMap(([name, file]) => {
        if (!/\.(js|css|svg|json)$/.test(name) || !options.dir) return [];
        const body = Buffer.from(file.type === 'chunk' ? (file.code ?? '') : (file.source as string | Uint8Array));
        if (body.length < 1024) return [];
        const target = path.join(options.dir, name);
        return [
          brotli(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 10 } }).then((b) =>
            writeFile(`${target}.br`, b),
          ),
          gzip(body, { level: 9 }).then((b) => writeFile(`${target}.gz`, b)),
        ];
      });
      await Promise.all(jobs);
    },
  };
}

/**
 * The admin app is a build of its own, into the same folder. Within one build, a module two
 * entries use (zod, React) goes into a chunk they share, trimmed for both: the admin's use of zod
 * then added 10 KB to the phone form's 100 KB budget. Two builds give each app its own copy.
 */
async function buildAdmin(outDir: string, logLevel: LogLevel) {
  const { build } = await import('vite');
  await build({
    configFile: false,
    root,
    base: '/',
    logLevel,
    // web/public is copied once, by the public pages' build.
    publicDir: false,
    plugins: [react(), precompress()],
    build: {
      outDir,
      emptyOutDir: false,
      target,
      // The kiosk (web/kiosk) reuses the phone form's modules but builds here, so the phone form's
      // own bundle stays exactly as it was.
      rollupOptions: {
        input: { admin: path.join(root, 'admin', 'index.html'), kiosk: path.join(root, 'kiosk', 'index.html') },
      },
    },
  });
}

function adminAndStamp(): Plugin {
  let outDir = path.join(root, 'dist');
  let logLevel: LogLevel = 'info';
  let written = false;
  return {
    name: 'admin-build-and-stamp',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(root, config.build.outDir);
      logLevel = config.logLevel ?? 'info';
    },
    writeBundle() {
      written = true;
    },
    async closeBundle() {
      if (!written) return;
      await buildAdmin(outDir, logLevel);
      await buildServiceWorker(outDir, logLevel, target);
      // Lets `npm start` tell whether the build is older than its sources.
      writeFileSync(path.join(outDir, '.build-stamp'), new Date().toISOString());
    },
  };
}

// The public pages (phone form, transparency) here, the admin app in buildAdmin: the phone form
// never ships admin or chart code.
export default defineConfig({
  root,
  base: '/',
  plugins: [react(), precompress(), adminAndStamp()],
  build: {
    outDir: path.join(root, 'dist'),
    emptyOutDir: true,
    target,
    rollupOptions: {
      input: {
        form: path.join(root, 'form', 'index.html'),
        transparency: path.join(root, 'transparency', 'index.html'),
        feedback: path.join(root, 'feedback', 'index.html'),
      },
    },
  },
});
