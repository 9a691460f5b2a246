import { randomInt } from 'node:crypto';
import { CODE_ALPHABET } from '../links/codes.js';

/**
 * Tracking codes: 8 characters of the poster alphabet (no 0/O, 1/I/L), 31^8 ≈ 8.5·10^11, so a
 * code cannot be found by trying under the public route's rate limit.
 */
export const FEEDBACK_CODE_LENGTH = 8;

export function newFeedbackCode(): string {
  let code = '';
  for (let i = 0; i < FEEDBACK_CODE_LENGTH; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return code;
}
