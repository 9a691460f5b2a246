import { isIP } from 'node:net';

/**
 * A QR code that encodes a loopback or private address works on the machine that printed it and on
 * nobody's phone (#15.6). These tell the admin app before printing, and the operator on start.
 */

/** True for addresses a phone on the public internet cannot reach. */
export function isPrivateHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.local') || host.endsWith('.internal')) {
    return true;
  }
  const version = isIP(host);
  if (version === 4) {
    const [a = 0, b = 0] = host.split('.').map(Number);
    return (
      a === 127 ||
      a === 10 ||
      a === 0 ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 169 && b === 254) ||
      (a === 100 && b >= 64 && b <= 127) // carrier-grade NAT
    );
  }
  if (version === 6) {
    return (
      host === '::1' ||
      host === '::' ||
      /^f[cd][0-9a-f]{2}:/.test(host) || // unique local fc00::/7
      /^fe[89ab][0-9a-f]:/.test(host) || // link-local fe80::/10
      /^::ffff:(127|10|192\.168)\./.test(host)
    );
  }
  // A bare machine name ("server01") resolves only inside its own network.
  return !host.includes('.');
}

/** The Vietnamese warning the posters page shows, or null when the address is fit for print. */
export function publicUrlWarning(base: string, configured: boolean): string | null {
  let host: string;
  try {
    host = new URL(base).hostname;
  } catch {
    return null;
  }
  if (!isPrivateHost(host)) return null;
  return (
    `Mã QR và đường dẫn đang dùng địa chỉ nội bộ ${new URL(base).host}: điện thoại của người dân sẽ không mở được. ` +
    (configured
      ? 'Hãy sửa biến môi trường PUBLIC_URL thành địa chỉ công khai của hệ thống (ví dụ https://hailong.sogd.gov.vn) trước khi in áp phích.'
      : 'Hãy đặt biến môi trường PUBLIC_URL là địa chỉ công khai của hệ thống (ví dụ https://hailong.sogd.gov.vn) trước khi in áp phích.')
  );
}

/** The operator's start-up line (English, like the rest of the console output), or undefined. */
export function publicUrlStartWarning(publicUrl: string | undefined, listening: string): string | undefined {
  const base = publicUrl ?? listening;
  let host: string;
  try {
    host = new URL(base).hostname;
  } catch {
    return undefined;
  }
  if (!isPrivateHost(host)) return undefined;
  return publicUrl
    ? `WARNING: PUBLIC_URL (${publicUrl}) is a loopback or private address: QR posters and links will not open on phones. Set PUBLIC_URL to the public address before printing posters.`
    : `WARNING: PUBLIC_URL is not set: QR posters and links will carry the address the admin app is opened at (e.g. ${listening}), which phones cannot reach. Set PUBLIC_URL to the public address before printing posters.`;
}
