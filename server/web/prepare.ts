import { ensureWebBuild } from './build.js';

/**
 * The root package's `prepare` script, run by `npm install` and `npm ci`: build the web app now,
 * so the first `npm start` serves at once instead of building first. A failed build must not fail
 * the install (CI runs `npm ci` before the tests, which report a broken web source better), so it
 * warns and leaves the build to `npm start`. package.json runs this file only when it exists: the
 * Docker image installs from package.json alone and builds the web app in a later stage.
 */
const say = (msg: string) => console.log(`[hai-long] ${msg}`);
const started = performance.now();
try {
  if (process.env.HL_SKIP_WEB_BUILD === '1') {
    say('web build skipped (HL_SKIP_WEB_BUILD=1)');
  } else if (await ensureWebBuild(say)) {
    say(`web app built in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  } else {
    say('web app already built and up to date');
  }
} catch (err) {
  console.warn(
    `[hai-long] the web app could not be built during install; npm start will try again:\n  ${err instanceof Error ? err.message : String(err)}`,
  );
}
