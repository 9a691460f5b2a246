/**
 * Search that ignores Vietnamese diacritics and case, shared by the server and the admin app:
 * people type "nguyen binh khiem" on a phone keyboard and expect "Trường Tiểu học Nguyễn Bỉnh Khiêm".
 * No runtime imports, so any bundle may take it.
 */

/** Lower case, without marks, đ as d, spaces collapsed: the form two texts are compared in. */
export function searchKey(text: string): string {
  return (
    text
      .normalize('NFD')
      // Combining marks: the tones and the hat/horn/breve of Vietnamese vowels.
      .replace(/\p{M}+/gu, '')
      .replace(/[đĐ]/g, 'd')
      .toLowerCase()
      .replace(/\s+/g, ' ')
      .trim()
  );
}

/** The words of a query, folded; an empty query has none (and matches everything). */
export function searchWords(query: string): string[] {
  const key = searchKey(query);
  return key ? key.split(' ') : [];
}

/** True when every word of the query occurs in one of the texts (in any order). */
export function matchesSearch(query: string, ...texts: Array<string | null | undefined>): boolean {
  const words = searchWords(query);
  if (words.length === 0) return true;
  const hay = texts
    .filter((t): t is string => !!t)
    .map(searchKey)
    .join(' | ');
  return words.every((w) => hay.includes(w));
}

/**
 * Ranks a match for sorting (lower is better): the whole query at the start of a word beats it
 * elsewhere, which beats words found apart. Undefined when it does not match at all.
 */
export function searchRank(query: string, ...texts: Array<string | null | undefined>): number | undefined {
  if (!matchesSearch(query, ...texts)) return undefined;
  const q = searchKey(query);
  let best = 3;
  for (const text of texts) {
    if (!text) continue;
    const key = searchKey(text);
    if (key === q) return 0;
    const at = key.indexOf(q);
    if (at === 0 || (at > 0 && key[at - 1] === ' ')) best = Math.min(best, 1);
    else if (at > 0) best = Math.min(best, 2);
  }
  return best;
}
