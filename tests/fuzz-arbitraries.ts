import fc from 'fast-check';
import type { TQuestion, TSurveyDefinition } from '../domain/definition.js';
import { hasUnsafeText } from '../server/http/schemas.js';

/**
 * fast-check generators for the fuzz test and bench/fuzz.ts: bodies for the public submission
 * (valid ones from a real definition, and hostile ones) and values for query and path parameters.
 * A body is raw text, so that what JSON.stringify cannot write (1e400, 50,000 levels of nesting,
 * broken JSON) is sent too.
 */

export interface FormTarget {
  code: string;
  versionId: number;
  definition: TSurveyDefinition;
}

export interface FuzzBody {
  /** A valid answer must be stored (200/201); a hostile one may get anything but a 5xx. */
  valid: boolean;
  text: string;
  contentType: string;
  /** What the generator did, for the failure report. */
  label: string;
}

const DAY = 24 * 3600_000;
const JSON_TYPE = 'application/json';

/** Ordinary text, well-formed (graphemes: no NUL, no lone surrogate). */
const safeString = (maxLength: number) =>
  fc.string({ unit: 'grapheme', maxLength }).filter((s) => !hasUnsafeText(s) && s.length <= maxLength);

const surrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));

/** Strings meant to hurt: NUL, lone surrogates, control and direction characters, SQL, long runs. */
export const nastyString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '\u0000',
    'a\u0000b',
    '\ud800',
    'x\udc00y',
    '😀'.slice(0, 1),
    '',
    ' ',
    '\t\n\r',
    '%00',
    '%',
    '..',
    '../../etc/passwd',
    "' OR '1'='1",
    "'; DROP TABLE responses; --",
    '\u202e\u2066',
    '\ufeff',
    '\uffff',
    'na',
    'NaN',
    'null',
    'true',
    '-1',
    '0',
    '1e400',
    '99999999999999999999',
    '2147483648',
    '<script>alert(1)</script>',
    '=1+2',
    'x'.repeat(5000),
  ),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.tuple(safeString(10), surrogate, safeString(10)).map(([a, s, b]) => a + s + b),
  safeString(40),
);

/** Instants from year 0000 to 9999 with offsets up to ±23:59, some malformed; some near the window's edges. */
export const extremeInstant: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '0000-01-01T00:00:00Z',
    '0001-01-01T00:00:00Z',
    '9999-12-31T23:59:59Z',
    '1970-01-01T00:00:00Z',
    '2038-01-19T03:14:08Z',
    '-000001-01-01T00:00:00Z',
    '+275760-09-13T00:00:00Z',
  ),
  fc
    .record({
      y: fc.integer({ min: 0, max: 9999 }),
      mo: fc.integer({ min: 0, max: 13 }),
      d: fc.integer({ min: 0, max: 32 }),
      h: fc.integer({ min: 0, max: 25 }),
      sign: fc.constantFrom('+', '-'),
      oh: fc.integer({ min: 0, max: 23 }),
      om: fc.integer({ min: 0, max: 59 }),
    })
    .map(({ y, mo, d, h, sign, oh, om }) => {
      const p = (n: number, w = 2) => String(n).padStart(w, '0');
      return `${p(y, 4)}-${p(mo)}-${p(d)}T${p(h)}:00:00${sign}${p(oh)}:${p(om)}`;
    }),
  // Around the accepted window [now − 30 days, now + 1 day], with extreme offsets.
  fc
    .tuple(
      fc.constantFrom(-30 * DAY, DAY, 0),
      fc.integer({ min: -3600_000, max: 3600_000 }),
      fc.constantFrom('Z', '+14:00', '-12:00', '+14:01', '-15:00', '+23:59'),
    )
    .map(([base, jitter, offset]) => {
      const d = new Date(Date.now() + base + jitter);
      if (offset === 'Z') return d.toISOString();
      const sign = offset[0] === '-' ? -1 : 1;
      const minutes = sign * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4)));
      return new Date(d.getTime() + minutes * 60_000).toISOString().replace('Z', offset);
    }),
);

/** Numbers at the edges of doubles, of int4 and of the Likert scale. */
export const edgeNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(0, -0, -1, 1, 5, 6, 4.5, 2 ** 31, -(2 ** 31) - 1, 2 ** 53 + 2, 1e20, 1e308, -1e308, 5e-324),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
);

/** A value of a JSON type a field does not expect; strings and numbers from the edges. */
const wrongValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  nastyString,
  edgeNumber,
  extremeInstant,
);

/** A valid answer to one question (an optional one may be left out: undefined). */
function answerFor(q: TQuestion): fc.Arbitrary<unknown> {
  let value: fc.Arbitrary<unknown>;
  switch (q.type) {
    case 'likert5':
    case 'agreement5':
      value = q.allowNotApplicable
        ? fc.oneof(fc.integer({ min: 1, max: 5 }), fc.constant('na'))
        : fc.integer({ min: 1, max: 5 });
      break;
    case 'yes_no':
      value = fc.boolean();
      break;
    case 'single_choice':
      value = fc.constantFrom(...q.options.map((o) => o.value));
      break;
    case 'text':
      value = safeString(Math.min(q.maxLength - 10, 200)).map((s) => (q.required ? `Ý kiến ${s}` : s));
      break;
    case 'multiple_choice': {
      const values = q.options.map((o) => o.value);
      const max = q.maxSelections ?? values.length;
      // Kept in the definition's order: the stored answer is normalised to it.
      value = fc
        .subarray(values, { minLength: q.minSelections, maxLength: max })
        .map((picked) => values.filter((v) => picked.includes(v)));
      break;
    }
    case 'number': {
      const min = q.min ?? 0;
      const max = q.max ?? min + 1000;
      value = q.integer
        ? fc.integer({ min: Math.ceil(min), max: Math.floor(max) })
        : fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
      break;
    }
  }
  return q.required ? value : fc.option(value, { nil: undefined });
}

function validAnswers(def: TSurveyDefinition): fc.Arbitrary<Record<string, unknown>> {
  const shape: Record<string, fc.Arbitrary<unknown>> = {};
  for (const q of def.questions) shape[q.key] = answerFor(q);
  return fc.record(shape).map((a) => Object.fromEntries(Object.entries(a).filter(([, v]) => v !== undefined)));
}

/** A valid submission as a phone sends it; the id is replaced by a fresh one when it is sent. */
function validSubmission(f: FormTarget): fc.Arbitrary<Record<string, unknown>> {
  return fc
    .record(
      {
        answers: validAnswers(f.definition),
        comment: f.definition.allowComment ? safeString(300) : fc.constant(undefined),
        // Within the window with a margin, as the sample may be sent a while after it is drawn.
        startedAtAgo: fc.integer({ min: 60_000, max: 28 * DAY }),
        spent: fc.integer({ min: 0, max: 3600_000 }),
        deviceToken: fc.stringMatching(/^[\w-]{16,40}$/),
        website: safeString(20),
      },
      { requiredKeys: ['answers', 'startedAtAgo', 'spent'] },
    )
    .map(({ startedAtAgo, spent, ...rest }) => {
      const started = Date.now() - startedAtAgo;
      return {
        id: '00000000-0000-4000-8000-000000000000',
        linkCode: f.code,
        versionId: f.versionId,
        ...rest,
        startedAt: new Date(started).toISOString(),
        finishedAt: new Date(Math.min(started + spent, Date.now())).toISOString(),
      };
    });
}

/** Text of `levels` nested arrays (or objects) around a value: more than JSON.stringify could write. */
export function nestedText(levels: number, objects: boolean): string {
  return objects ? '{"a":'.repeat(levels) + '1' + '}'.repeat(levels) : '['.repeat(levels) + '1' + ']'.repeat(levels);
}

const PLACEHOLDER = '"__FUZZ_RAW__"';

/** A valid body with one field (or one answer) replaced by raw JSON text. */
const withRaw = (body: Record<string, unknown>, field: string, raw: string, inAnswers: boolean) => {
  const copy = { ...body, answers: { ...(body.answers as object) } };
  if (inAnswers) (copy.answers as Record<string, unknown>)[field] = '__FUZZ_RAW__';
  else (copy as Record<string, unknown>)[field] = '__FUZZ_RAW__';
  return JSON.stringify(copy).replace(PLACEHOLDER, raw);
};

const FIELDS = [
  'id',
  'linkCode',
  'versionId',
  'answers',
  'comment',
  'startedAt',
  'finishedAt',
  'deviceToken',
  'website',
];

/** Bodies for POST /api/v1/public/responses: about a quarter valid, the rest hostile in many ways. */
export function submissionBodies(forms: FormTarget[]): fc.Arbitrary<FuzzBody> {
  const form = fc.constantFrom(...forms);
  const valid = form.chain(validSubmission);
  const json = (label: string, text: string): FuzzBody => ({ valid: false, text, contentType: JSON_TYPE, label });
  const keyOf = (body: Record<string, unknown>) => fc.constantFrom(...Object.keys(body.answers as object), 'x');

  return fc.oneof(
    {
      weight: 6,
      arbitrary: valid.map((b) => ({ valid: true, text: JSON.stringify(b), contentType: JSON_TYPE, label: 'valid' })),
    },
    { weight: 2, arbitrary: fc.jsonValue().map((v) => json('random JSON', JSON.stringify(v) ?? 'null')) },
    {
      weight: 4,
      arbitrary: fc
        .tuple(valid, fc.constantFrom(...FIELDS, 'extra'), wrongValue)
        .map(([b, field, v]) =>
          json(`field ${field} = ${String(JSON.stringify(v)).slice(0, 60)}`, JSON.stringify({ ...b, [field]: v })),
        ),
    },
    {
      weight: 3,
      arbitrary: valid.chain((b) =>
        fc
          .tuple(keyOf(b), wrongValue)
          .map(([key, v]) =>
            json(
              `answer ${key} = ${String(JSON.stringify(v)).slice(0, 60)}`,
              JSON.stringify({ ...b, answers: { ...(b.answers as object), [key]: v } }),
            ),
          ),
      ),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(valid, nastyString)
        .map(([b, key]) =>
          json('nasty answer key', JSON.stringify({ ...b, answers: { ...(b.answers as object), [key]: 1 } })),
        ),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(valid, fc.integer({ min: 1, max: 30_000 }), fc.boolean(), fc.constantFrom(...FIELDS), fc.boolean())
        .map(([b, levels, objects, field, inAnswers]) =>
          json(
            `${levels} levels in ${inAnswers ? 'an answer' : field}`,
            withRaw(b, inAnswers ? 'x' : field, nestedText(levels, objects), inAnswers),
          ),
        ),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(
          valid,
          fc.constantFrom(
            '1e400',
            '-1e400',
            '123456789012345678901234567890',
            '1.0',
            '4.0000000000000001',
            '-0',
            '0e0',
          ),
          fc.constantFrom('versionId', 'likert'),
        )
        .map(([b, raw, where]) =>
          json(
            `${where} = ${raw}`,
            where === 'likert'
              ? withRaw(b, Object.keys(b.answers as object)[0] ?? 'x', raw, true)
              : withRaw(b, 'versionId', raw, false),
          ),
        ),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(valid, fc.constantFrom('startedAt', 'finishedAt'), extremeInstant)
        .map(([b, field, at]) => json(`${field} = ${at}`, JSON.stringify({ ...b, [field]: at }))),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(valid, fc.nat()).map(([b, cut]) => {
        const text = JSON.stringify(b);
        return json('truncated', text.slice(0, cut % text.length));
      }),
    },
    {
      weight: 1,
      arbitrary: fc.oneof(
        fc.string({ unit: 'binary', maxLength: 200 }).map((s) => json('random text', s)),
        fc.constantFrom(
          json('prototype poisoning', '{"__proto__":{"admin":true},"id":1}'),
          json('constructor poisoning', '{"constructor":{"prototype":{"admin":true}}}'),
          json('too many values', `{"answers":[${'0,'.repeat(25_000)}0]}`),
          json('empty', ''),
        ),
      ),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(
          valid,
          fc.constantFrom(
            'text/plain',
            'multipart/form-data; boundary=x',
            'application/x-www-form-urlencoded',
            'application/xml',
            'application/json; charset=utf-16',
          ),
        )
        .map(([b, contentType]) => ({
          valid: false,
          text: JSON.stringify(b),
          contentType,
          label: `content type ${contentType}`,
        })),
    },
  );
}

/** Values for a query or path parameter: known good ones (to get past validation), and nasty ones. */
export function parameterValue(known: string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: known.length > 0 ? 4 : 0, arbitrary: known.length > 0 ? fc.constantFrom(...known) : fc.constant('') },
    { weight: 3, arbitrary: nastyString },
    { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.bigInt()).map(String) },
    { weight: 1, arbitrary: fc.tuple(extremeInstant, fc.constantFrom(10, 19, 25)).map(([s, n]) => s.slice(0, n)) },
    { weight: 1, arbitrary: fc.uuid() },
  );
}

/**
 * Percent-encodes every UTF-16 unit as (generalized) UTF-8, so a lone surrogate goes on the wire as
 * %ED%A0%80, which no decoder accepts; encodeURIComponent would throw on it instead.
 */
export function percentEncode(s: string): string {
  let out = '';
  for (const ch of s) {
    if (/^[A-Za-z0-9\-._~]$/.test(ch)) {
      out += ch;
      continue;
    }
    const cp = ch.codePointAt(0)!;
    const bytes =
      cp < 0x80
        ? [cp]
        : cp < 0x800
          ? [0xc0 | (cp >> 6), 0x80 | (cp & 63)]
          : cp < 0x10000
            ? [0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63)]
            : [0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63)];
    out += bytes.map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');
  }
  return out;
}

/** Raw tails that no encoder would produce: malformed or invalid %-escapes, sometimes. */
export const rawTail: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.constant('') },
  { weight: 1, arbitrary: fc.constantFrom('%', '%zz', '%FF', '%00', '%ED%A0%80', '%C0%80', '%E0%A4', '+', '%2e%2e') },
);
