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

export function keyedHash(key: Buffer, kind: 'device' | 'ip', value: string): string {
  return createHmac('sha256', key).update(`${kind}\0${value}`).digest('base64url');
}
