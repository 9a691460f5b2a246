import { createHmac, randomBytes } from 'node:crypto';
import type { Database } from '../db/schema.js';

const KEY_NAME = 'integrity_hmac_key';

/**
 * The instance's key for hashing device tokens and IP addresses, made on first use and kept in
 * app_secrets. Keyed (HMAC), not plain hashes: the IPv4 space is small enough to reverse a plain
 * hash of an address by trying them all.
 */
export async function integrityKey(db: Database): Promise<Buffer> {
  await db
    .insertInto('app_secrets')
    .values({ name: KEY_NAME, value: randomBytes(32).toString('base64url') })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const row = await db.selectFrom('app_secrets').select('value').where('name', '=', KEY_NAME).executeTakeFirstOrThrow();
  return Buffer.from(row.value, 'base64url');
}

/**
 * integrityKey once per app: the first call reads (or makes) it, later calls share that promise; a
 * failure (database down) is not kept, so the next request tries again.
 */
export function integrityKeyLoader(db: Database): () => Promise<Buffer> {
  let key: Promise<Buffer> | undefined;
  return () => {
    key ??= integrityKey(db).catch((err: unknown) => {
      key = undefined;
      throw err;
    });
    return key;
  };
}

export function keyedHash(key: Buffer, kind: 'device' | 'ip', value: string): string {
  return createHmac('sha256', key).update(`${kind}\0${value}`).digest('base64url');
}
