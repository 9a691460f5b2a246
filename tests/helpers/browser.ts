import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { inject } from 'vitest';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium.js';

export { CHROMIUM_PATH };

/**
 * A browser for one test file. The run's global setup starts one chromium for every browser file
 * (tests/setup/global.ts); each file connects to it with its own contexts, and close() disconnects,
 * leaving chromium to the others. Outside such a run, a chromium of its own.
 */
export async function launchBrowser(): Promise<Browser> {
  const endpoint = inject('browserWsEndpoint');
  if (endpoint) return chromium.connect(endpoint);
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}

export const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
export const NARROW_PHONE = {
  viewport: { width: 320, height: 640 },
  isMobile: true,
  hasTouch: true,
  deviceScaleFactor: 2,
};

export async function phonePage(browser: Browser, options = PHONE): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ ...options, locale: 'vi-VN' });
  const page = await context.newPage();
  return { context, page };
}

let axeScript: Promise<string> | undefined;
const axeSource = () =>
  (axeScript ??= (async () => {
    const { createRequire } = await import('node:module');
    const { readFile } = await import('node:fs/promises');
    return readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  })());

/** Run axe-core in the page; returns the violations (empty when the page passes). */
export async function axeViolations(page: Page, options: { include?: string } = {}) {
  // Evaluated, not added as a <script>: the pages' Content Security Policy refuses inline scripts. Its
  // half a megabyte is read once, and compiled once per page: a second check of the same page
  // (after a language switch) reuses it.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(await axeSource());
  return page.evaluate(async (include) => {
    const axe = (
      window as unknown as {
        axe: {
          run: (
            ctx: unknown,
            opts: unknown,
          ) => Promise<{ violations: Array<{ id: string; help: string; nodes: Array<{ target: unknown }> }> }>;
        };
      }
    ).axe;
    const result = await axe.run(include ?? document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, help: v.help, targets: v.nodes.map((n) => n.target) }));
  }, options.include);
}
