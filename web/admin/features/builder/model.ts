import { z } from 'zod';
import { ZQuestion } from '../../../../domain/definition.js';
import type { TDraftDefinition } from '../../../../domain/contract/drafts.js';

/**
 * The builder's model: the draft definition as plain JSON, edited immutably, and the question types
 * read from the definition schema itself (domain/definition.ts), so a type added there is offered
 * here with its own settings without a change to the builder.
 */
export type Draft = TDraftDefinition;
export type DraftQuestion = Draft['questions'][number];
export type Text = { vi: string; en?: string | undefined };

/** Fields every question has; the builder edits them the same way whatever the type. */
const BASE_FIELDS = new Set(['type', 'key', 'criterion', 'required', 'text', 'help']);

export type SettingKind = 'boolean' | 'number' | 'text' | 'string' | 'options';
export interface Setting {
  name: string;
  kind: SettingKind;
  optional: boolean;
  defaultValue: unknown;
}

function unwrap(schema: z.ZodType): { inner: z.ZodType; optional: boolean; defaultValue: unknown } {
  let inner = schema;
  let optional = false;
  let defaultValue: unknown = undefined;
  for (;;) {
    if (inner instanceof z.ZodOptional) {
      optional = true;
      inner = inner.unwrap() as z.ZodType;
    } else if (inner instanceof z.ZodDefault) {
      defaultValue = inner.def.defaultValue;
      inner = inner.unwrap() as z.ZodType;
    } else return { inner, optional, defaultValue };
  }
}

function kindOf(schema: z.ZodType): SettingKind | null {
  if (schema instanceof z.ZodBoolean) return 'boolean';
  if (schema instanceof z.ZodNumber) return 'number';
  if (schema instanceof z.ZodString) return 'string';
  if (schema instanceof z.ZodArray) return 'options';
  if (schema instanceof z.ZodObject && 'vi' in schema.shape) return 'text';
  return null;
}

/** Each question type and its own settings (beyond key, criterion, text, help and required). */
export const QUESTION_TYPES: ReadonlyArray<{ type: string; settings: Setting[]; requiredDefault: boolean }> =
  ZQuestion.options.map((option) => {
    const shape = option.shape as Record<string, z.ZodType>;
    const settings = Object.entries(shape).flatMap(([name, schema]) => {
      if (BASE_FIELDS.has(name)) return [];
      const { inner, optional, defaultValue } = unwrap(schema);
      const kind = kindOf(inner);
      return kind ? [{ name, kind, optional, defaultValue }] : [];
    });
    const required = unwrap(shape.required!).defaultValue;
    return { type: option.shape.type.value, settings, requiredDefault: required !== false };
  });

export const typeInfo = (type: string) => QUESTION_TYPES.find((t) => t.type === type);

const emptyOptions = () => [
  { value: 'opt1', label: { vi: '' } },
  { value: 'opt2', label: { vi: '' } },
];

/** A question of another type: what all types share is kept; the new type's settings start at their defaults. */
export function withType(q: DraftQuestion, type: string): DraftQuestion {
  const info = typeInfo(type);
  const next: DraftQuestion = { key: q.key, criterion: q.criterion, text: q.text, type: type as DraftQuestion['type'] };
  if (q.help) next.help = q.help;
  next.required = info?.requiredDefault ?? true;
  for (const s of info?.settings ?? []) {
    if (s.kind === 'options')
      next[s.name] = Array.isArray(q.options) && q.options.length >= 2 ? q.options : emptyOptions();
    else if (s.defaultValue !== undefined) next[s.name] = s.defaultValue;
  }
  return next;
}

/** The next free key like "q3" or "c2". */
export function freeKey(prefix: string, taken: string[]): string {
  for (let i = taken.length + 1; ; i++) if (!taken.includes(`${prefix}${i}`)) return `${prefix}${i}`;
}

export function newQuestion(draft: Draft): DraftQuestion {
  const criterion = draft.criteria.at(-1)?.key ?? '';
  return withType(
    {
      key: freeKey(
        'q',
        draft.questions.map((q) => q.key),
      ),
      criterion,
      text: { vi: '' },
      type: 'likert5',
    },
    'likert5',
  );
}

export function move<T>(list: T[], from: number, to: number): T[] {
  if (to < 0 || to >= list.length) return list;
  const next = [...list];
  const [item] = next.splice(from, 1);
  next.splice(to, 0, item!);
  return next;
}

export const replaceAt = <T>(list: T[], index: number, item: T): T[] => list.map((x, i) => (i === index ? item : x));

/** Localized text as stored: an empty English text is left out (the schema wants none rather than ""). */
export function cleanText(text: Text): Text {
  return text.en ? { vi: text.vi, en: text.en } : { vi: text.vi };
}
