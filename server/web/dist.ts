import path from 'node:path';

/**
 * Where the built web app lives. Tests build into their own folder (HL_WEB_DIST) so parallel runs
 * never share a half-built dist. Its own module: pages served by other features read it too.
 */
export const WEB_DIST = process.env.HL_WEB_DIST ?? path.resolve(import.meta.dirname, '..', '..', 'web', 'dist');
