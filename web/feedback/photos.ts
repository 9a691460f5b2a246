/** The longest side sent: enough to see the problem, small enough for a weak mobile connection. */
const MAX_SIDE = 1600;
const ACCEPTED = ['image/jpeg', 'image/png', 'image/webp'];

/**
 * A phone photo is often 3–8 MB: draw it smaller and send it as JPEG. Drawing on a canvas also
 * drops its EXIF (the server re-encodes again anyway). A type we do not accept is refused here.
 */
export async function shrinkPhoto(file: File): Promise<string | null> {
  if (!ACCEPTED.includes(file.type)) return null;
  const url = URL.createObjectURL(file);
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const scale = Math.min(1, MAX_SIDE / Math.max(img.naturalWidth, img.naturalHeight));
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(img.naturalWidth * scale));
    canvas.height = Math.max(1, Math.round(img.naturalHeight * scale));
    const ctx = canvas.getContext('2d');
    if (!ctx) return null;
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
    return canvas.toDataURL('image/jpeg', 0.82);
  } catch {
    return null;
  } finally {
    URL.revokeObjectURL(url);
  }
}
