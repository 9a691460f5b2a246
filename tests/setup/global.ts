import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { BrowserServer } from 'playwright-core';
import type { TestProject } from 'vitest/node';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../helpers/chromium.js';
import { startRunDatabase } from './database.js';
import { needsOf } from './selection.js';
import { prepareWebBuild } from './web-build.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A connection string to a maintenance database where CREATE DATABASE is allowed. */
    pgAdminUrl: string;
    /** A migrated database that each test file clones (CREATE DATABASE … TEMPLATE). */
    pgTemplate: string;
    /** One chromium for the run (launchBrowser connects to it); absent when no browser test is selected. */
    browserWsEndpoint?: string;
  }
}

/**
 * What the selected files need, once for the run: PostgreSQL with a migrated template
 * (tests/setup/database.ts), the built web app, and one chromium. A run of pure unit files
 * (domain/, web/) starts none of them.
 */
export default async function setup(project: TestProject) {
  // The files of this run (collected before global setup). An empty list means "unknown": start everything.
  const selected = project.vitest.state.getPaths();
  const needs = selected.length > 0 ? needsOf(selected) : { database: true, web: true, browser: true };
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
  // HL_SKIP_WEB_BUILD=1 never builds; HL_WEB_BUILD=1 always does. The build (CPU in this process) and
  // PostgreSQL's start (initdb and migrations, mostly in postgres) overlap.
  const build =
    process.env.HL_SKIP_WEB_BUILD !== '1' && (needs.web || process.env.HL_WEB_BUILD === '1')
      ? prepareWebBuild(webDist)
      : undefined;
  // Both settle before either failure is thrown: a failed build must not leave a cluster running.
  const [database, built] = await Promise.allSettled([needs.database ? startRunDatabase() : undefined, build]);
  if (built.status === 'rejected') {
    if (database.status === 'fulfilled') await database.value?.stop();
    throw built.reason;
  }
  if (database.status === 'rejected') throw database.reason;

  const run = database.value;
  if (run) {
    project.provide('pgAdminUrl', run.adminUrl);
    project.provide('pgTemplate', run.template);
  }
  const browser = await browserServer;
  if (browser) project.provide('browserWsEndpoint', browser.wsEndpoint());

  return async () => {
    await run?.stop();
    await browser?.close();
    await rm(webDist, { recursive: true, force: true });
  };
}
