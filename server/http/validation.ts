import { HttpError, type FieldError } from '../plugins/errors.js';

/**
 * The one way to answer "this input is not acceptable": 400 validation_failed with field-level
 * messages (Vietnamese, shown next to the field), and an overall message.
 */
export function validationError(fields: FieldError[], message = 'Dữ liệu gửi lên không hợp lệ'): HttpError {
  return new HttpError(400, 'validation_failed', message, fields);
}

/** One field's problem. */
export function invalidField(path: string, message: string, overall?: string): HttpError {
  return validationError([{ path, message }], overall);
}
