import { hash, verify } from '@node-rs/argon2';
import { randomInt } from 'node:crypto';

// @node-rs/argon2 defaults to argon2id; these costs follow OWASP's minimum (19 MiB, t=2, p=1).
const options = { memoryCost: 19456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
  return hash(password, options);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

// Verified against when the email is unknown, so a miss costs as long as a wrong password.
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword('not-a-real-password-' + Math.random());
  return dummyHash;
}

/** A new password: long enough to resist guessing; a passphrase of several words is fine. */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 200;

// Initial passwords are read off a screen and typed once, so they avoid look-alike characters.
const INITIAL_ALPHABET = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** A random initial password (16 characters, ~92 bits), to be changed at first sign-in. */
export function generateInitialPassword(): string {
  let out = '';
  for (let i = 0; i < 16; i++) out += INITIAL_ALPHABET[randomInt(INITIAL_ALPHABET.length)];
  return `${out.slice(0, 4)}-${out.slice(4, 8)}-${out.slice(8, 12)}-${out.slice(12)}`;
}
