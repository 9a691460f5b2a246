import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'kysely';
import type { Config } from '../config.js';
import type { Database } from '../db/schema.js';
import { hashPassword } from '../auth/passwords.js';
import { lockForTransaction } from '../db/locks.js';

export const DEMO_ADMIN_EMAIL = 'admin@demo.hailong.vn';

export interface FirstAdmin {
  email: string;
  /** Present only for generated demo credentials, to print. */
  password?: string;
  created: boolean;
}

/**
 * When no administrator exists (an empty users table, or only staff accounts such as the demo's
 * interviewer), create the first administrator: from ADMIN_EMAIL/ADMIN_PASSWORD,
 * or else generated demo credentials. The demo password is kept in DATA_DIR (mode 600) so a
 * local demo can print it on every start; it is never stored in the database.
 */
export async function ensureFirstAdmin(db: Database, config: Config): Promise<FirstAdmin | undefined> {
  const credentialsFile = path.resolve(config.DATA_DIR, 'demo-admin.txt');
  return db.transaction().execute(async (trx) => {
    await lockForTransaction(trx, 'firstAdmin');
    const existing = await trx
      .selectFrom('user_roles')
      .select('user_id')
      .where('role', '=', 'admin')
      .limit(1)
      .executeTakeFirst();
    if (existing) {
      if (!config.ADMIN_EMAIL && existsSync(credentialsFile)) {
        const [email, password] = (await readFile(credentialsFile, 'utf8')).trim().split('\n');
        if (email && password) return { email, password, created: false };
      }
      return undefined;
    }
    const email = config.ADMIN_EMAIL ?? DEMO_ADMIN_EMAIL;
    // A staff account already holds that address: leave it as it is rather than fail the start.
    const taken = await trx
      .selectFrom('users')
      .select('id')
      .where(sql`lower(email)`, '=', email.toLowerCase())
      .executeTakeFirst();
    if (taken) return undefined;
    const password = config.ADMIN_PASSWORD ?? randomBytes(9).toString('base64url');
    const user = await trx
      .insertInto('users')
      .values({ email, display_name: 'Quản trị viên', password_hash: await hashPassword(password) })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.insertInto('user_roles').values({ user_id: user.id, role: 'admin', unit_id: null }).execute();
    if (config.ADMIN_PASSWORD) return { email, created: true };
    await writeFile(credentialsFile, `${email}\n${password}\n`, { mode: 0o600 }).catch(() => {});
    return { email, password, created: true };
  });
}
