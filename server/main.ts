import closeWithGrace from 'close-with-grace';
import { buildApp } from './app.js';
import { ConfigError, loadConfig, publicUrl, type Config } from './config.js';
import { describe, StartError } from './db/embedded.js';
import { isDatabaseUnavailable } from './db/errors.js';
import { publicUrlStartWarning } from './posters/public-url.js';
import { prepareDatabase } from './startup.js';
import { ensureWebBuild } from './web/build.js';

/**
 * `npm start`: database (embedded unless DATABASE_URL), migrations, first admin, definitions
 * and demo units and links, the web build if stale (`npm install` built it), then the server, and
 * then the demo's year of answers in the background. The Docker image runs this too.
 */
async function main(config: Config) {
  const say = (msg: string) => console.log(`[hai-long] ${msg}`);
  const prepared = await prepareDatabase(config, say);
  if (config.WEB_BUILD_ON_START && (await ensureWebBuild(say))) say('web app built');

  const app = await buildApp({ config, databaseUrl: prepared.databaseUrl });
  closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
    if (err) app.log.error({ err }, 'fatal error, shutting down');
    else say(`${signal ?? 'stop'} received: finishing in-flight requests…`);
    // app.close() stops accepting connections and waits for in-flight requests, then ends the pool.
    await app.close();
    await prepared.stop();
    say('stopped cleanly');
  });
  const address = await app.listen({ port: config.PORT, host: config.HOST });
  const port = Number(new URL(address).port);
  const base = publicUrl(config, port);
  say(`listening on ${address}`);
  // QR posters printed with a loopback or private address open on nobody's phone (#15.6).
  const urlWarning = publicUrlStartWarning(config.PUBLIC_URL, base);
  if (urlWarning) say(urlWarning);
  // From the process start, so loading the code counts as well as the database.
  console.log(prepared.banner(base, process.uptime()).join('\n'));
  prepared.startBackground();
}

let config: Config;
try {
  config = loadConfig();
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(2);
  }
  throw err;
}
main(config).catch((err: unknown) => {
  const hint = isDatabaseUnavailable(err)
    ? '\n  The database did not answer. Check that DATABASE_URL points at a running PostgreSQL (or unset it to use the embedded one).'
    : '';
  console.error(`[hai-long] failed to start: ${describe(err)}${hint}`);
  if (!(err instanceof StartError) && !hint && err instanceof Error && err.stack) console.error(err.stack);
  process.exit(1);
});
