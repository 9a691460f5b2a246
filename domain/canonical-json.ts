/**
 * JSON with sorted keys, so formatting and key order never change a hash: the content hash of a
 * survey definition (a new version only when the content changes) and the body hash of a response
 * (a replay is the same answer). Stored hashes depend on this exact output, so it must not change.
 *
 * Iterative, with an explicit stack: the value may come from a request, and a recursive walk of an
 * array nested a hundred thousand levels deep would overflow the call stack.
 */
interface Frame {
  close: ']' | '}';
  /** The key this container sits under in its parent object; null in an array or at the top. */
  key: string | null;
  items: Array<[string | null, unknown]>;
  next: number;
  parts: string[];
}

const byKey = ([a]: [string | null, unknown], [b]: [string | null, unknown]) =>
  (a as string) < (b as string) ? -1 : (a as string) > (b as string) ? 1 : 0;

function open(value: object, key: string | null): Frame {
  if (Array.isArray(value)) {
    return { close: ']', key, items: Array.from(value, (v): [null, unknown] => [null, v]), next: 0, parts: [] };
  }
  const items = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  return { close: '}', key, items: items.sort(byKey), next: 0, parts: [] };
}

/** How one member is written: `"key":value` in an object; in an array, a value with no JSON form is empty. */
function member(key: string | null, text: string | undefined): string {
  return key === null ? (text ?? '') : `${JSON.stringify(key)}:${text}`;
}

const isContainer = (v: unknown): v is object => typeof v === 'object' && v !== null;

export function canonicalJson(value: unknown): string {
  if (!isContainer(value)) return JSON.stringify(value);
  const stack: Frame[] = [open(value, null)];
  for (;;) {
    const top = stack[stack.length - 1]!;
    if (top.next < top.items.length) {
      const [key, v] = top.items[top.next++]!;
      if (isContainer(v)) stack.push(open(v, key));
      else top.parts.push(member(key, JSON.stringify(v)));
      continue;
    }
    stack.pop();
    const text = `${top.close === ']' ? '[' : '{'}${top.parts.join(',')}${top.close}`;
    const parent = stack[stack.length - 1];
    if (!parent) return text;
    parent.parts.push(member(top.key, text));
  }
}
