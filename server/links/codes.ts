import { randomInt } from 'node:crypto';

/**
 * Link codes are read off posters and typed by hand, so the alphabet leaves out characters
 * that look alike (0/O, 1/I/L) and lowercase. 31^10 ≈ 8·10^14 codes: unguessable by trying.
 */
export const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const CODE_LENGTH = 10;
export const CODE_PATTERN = new RegExp(`^[${CODE_ALPHABET}]{${CODE_LENGTH}}$`);

export function newLinkCode(): string {
  let code = '';
  for (let i = 0; i < CODE_LENGTH; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return code;
}
