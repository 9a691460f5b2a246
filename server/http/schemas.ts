/** The error shape every endpoint answers with (see plugins/errors.ts); the contract lives in domain/. */
export { ZErrorBody } from '../../domain/contract/errors.js';
/** Text and time guards shared with the contract (domain/contract/safe-text.ts). */
export { hasUnsafeText, recentInstant, safeText, UNSAFE_TEXT_MESSAGE } from '../../domain/contract/safe-text.js';
