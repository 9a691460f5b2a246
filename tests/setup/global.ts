import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { BrowserServer } from 'playwright-core';
import type { TestProject } from 'vitest/node';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../helpers/chromium.js';
import { startRunDatabase } from './database.js';
import { needsOf } from './selection.js';
import { prepareServerBuild } from './server-build.js';
import { prepareWebBuild, reuseWebBuild } from './web-build.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A connection string to a maintenance database where CREATE DATABASE is allowed. */
    pgAdminUrl: string;
    /** A migrated database that each test file clones (CREATE DATABASE … TEMPLATE). */
    pgTemplate: string;
    /** How CREATE DATABASE copies the template for each file (tests/setup/database.ts). */
    pgCloneStrategy: 'wal_log' | 'file_copy';
    /** One chromium for the run (launchBrowser connects to it); absent when no browser test is selected. */
    browserWsEndpoint?: string;
  }
}

/**
 * What the selected files need, once for the run: PostgreSQL with a migrated template
 * (tests/setup/database.ts), the built web app, the compiled server for the files that spawn it, and one
 * chromium. A run of pure unit files
 * (domain/, web/) starts none of them.
 */
export default async function setup(project: TestProject) {
  // The files of this run (collected before global setup). An empty list means "unknown": start everything.
  const selected = project.vitest.state.getPaths();
  const needs = selected.length > 0 ? needsOf(selected) : { database: true, web: true, browser: true, server: true };
  // Started now, ready long before the first browser test: one process instead of one per file.
  const browserServer: Promise<BrowserServer> | undefined = needs.browser
    ? import('playwright-core').then(({ chromium }) =>
        chromium.launchServer({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS }),
      )
    : undefined;
  const webDist = await mkdtemp(path.join(os.tmpdir(), 'hailong-test-web-'));
  // Set before the web modules load: WEB_DIST is read once, and workers inherit the environment.
  process.env.HL_WEB_DIST = webDist;
  // Browser and page tests need the built web app; build once here (or reuse the build of unchanged
  // inputs, tests/setup/web-build.ts), into this run's own folder, and only when a selected file needs it.
  // HL_SKIP_WEB_BUILD=1 never builds (it copies a kept build if any); HL_WEB_BUILD=1 always does. The
  // build (CPU in this process) and PostgreSQL's start (initdb and migrations, mostly in postgres) overlap.
  const build = !(needs.web || process.env.HL_WEB_BUILD === '1')
    ? undefined
    : process.env.HL_SKIP_WEB_BUILD === '1'
      ? reuseWebBuild(webDist, needs.browser)
      : prepareWebBuild(webDist);
  // The server compiled for the files that start it as a child process (tests/setup/server-build.ts), beside
  // the rest; without it (HL_SERVER_BUILD_DIR unset) they run it through tsx, only slower.
  const serverDist = needs.server ? await mkdtemp(path.join(os.tmpdir(), 'hailong-test-server-')) : undefined;
  if (serverDist) process.env.HL_SERVER_BUILD_DIR = serverDist;
  const compiled = serverDist ? prepareServerBuild(serverDist) : undefined;
  // All settle before any failure is thrown: a failed build must not leave a cluster running.
  const [database, built, server] = await Promise.allSettled([
    needs.database ? startRunDatabase() : undefined,
    build,
    compiled,
  ]);
  const failed = [built, server].find((r) => r.status === 'rejected');
  if (failed) {
    if (database.status === 'fulfilled') await database.value?.stop();
    throw failed.reason;
  }
  if (database.status === 'rejected') throw database.reason;

  const run = database.value;
  if (run) {
    project.provide('pgAdminUrl', run.adminUrl);
    project.provide('pgTemplate', run.template);
    project.provide('pgCloneStrategy', run.cloneStrategy);
  }
  const browser = await browserServer;
  if (browser) project.provide('browserWsEndpoint', browser.wsEndpoint());

  return async () => {
    await run?.stop();
    await browser?.close();
    await rm(webDist, { recursive: true, force: true });
    if (serverDist) await rm(serverDist, { recursive: true, force: true });
  };
}
