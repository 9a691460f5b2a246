import { createHash } from 'node:crypto';
import { FEEDBACK_PHOTO_MAX_BYTES } from '../../domain/contract/feedback.js';
import type { FieldError } from '../plugins/errors.js';

export interface PhotoIn {
  type?: string | undefined;
  name?: string | undefined;
  data: string;
}

export interface StoredPhoto {
  mime: 'image/jpeg' | 'image/png' | 'image/webp';
  bytes: Buffer;
  /** Of the bytes as sent, for the idempotency hash. */
  sha256: string;
}

const MAX_MB = FEEDBACK_PHOTO_MAX_BYTES / 1024 / 1024;
/** A small file can still decode to a huge bitmap: refuse past 40 megapixels. */
const MAX_PIXELS = 40_000_000;
/** Longest side kept: plenty to see a broken window, and no 50 MP originals in the database. */
const MAX_SIDE = 2000;

/** The raw bytes of a data URL or bare base64, or a problem. */
export function decodePhoto(photo: string | PhotoIn): { bytes: Buffer } | { problem: string } {
  const raw = typeof photo === 'string' ? photo : photo.data;
  const m = /^data:([\w.+/-]+);base64,(.*)$/s.exec(raw);
  const base64 = (m ? m[2]! : raw).replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(base64) || base64.length === 0) return { problem: 'ảnh phải được mã hoá base64' };
  // Checked on the encoded length first, so an oversized photo is never decoded.
  if (Math.floor((base64.length * 3) / 4) > FEEDBACK_PHOTO_MAX_BYTES + 2) {
    return { problem: `mỗi ảnh tối đa ${MAX_MB} MB` };
  }
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.length > FEEDBACK_PHOTO_MAX_BYTES) return { problem: `mỗi ảnh tối đa ${MAX_MB} MB` };
  return { bytes };
}

/**
 * Check each photo's real type from its content (not the name or the declared type), and re-encode
 * it: the new file carries no EXIF (GPS position, phone model), with the orientation applied first.
 * Any problem refuses the whole submission, so nothing is stored.
 */
export async function preparePhotos(
  photos: ReadonlyArray<string | PhotoIn>,
): Promise<{ photos: StoredPhoto[] } | { fields: FieldError[] }> {
  if (photos.length === 0) return { photos: [] };
  // Loaded with the first photo, not at start (sharp and libvips take about 0.3 s of CPU to load).
  const { default: sharp } = await import('sharp');
  const fields: FieldError[] = [];
  const out: StoredPhoto[] = [];
  for (const [i, photo] of photos.entries()) {
    const path = `photos.${i}`;
    const decoded = decodePhoto(photo);
    if ('problem' in decoded) {
      fields.push({ path, message: decoded.problem });
      continue;
    }
    try {
      const image = sharp(decoded.bytes, { limitInputPixels: MAX_PIXELS, failOn: 'error' });
      const meta = await image.metadata();
      if (meta.format !== 'jpeg' && meta.format !== 'png' && meta.format !== 'webp') {
        fields.push({ path, message: 'chỉ nhận ảnh JPEG, PNG hoặc WebP' });
        continue;
      }
      const resized = image
        .rotate()
        .resize({ width: MAX_SIDE, height: MAX_SIDE, fit: 'inside', withoutEnlargement: true });
      const mime = meta.format === 'png' ? 'image/png' : meta.format === 'webp' ? 'image/webp' : 'image/jpeg';
      const bytes =
        mime === 'image/png'
          ? await resized.png().toBuffer()
          : mime === 'image/webp'
            ? await resized.webp({ quality: 82 }).toBuffer()
            : await resized.jpeg({ quality: 82, mozjpeg: true }).toBuffer();
      out.push({ mime, bytes, sha256: createHash('sha256').update(decoded.bytes).digest('hex') });
    } catch {
      fields.push({ path, message: 'tệp không phải ảnh JPEG, PNG hoặc WebP đọc được' });
    }
  }
  return fields.length > 0 ? { fields } : { photos: out };
}
