import { webcrypto } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { buildAnswersSchema, checkAnswers } from '../domain/answers.js';
import { ZSurveyDefinition, type TSurveyDefinition } from '../domain/definition.js';
import { parseDefinitionFiles, readDefinitionFiles } from '../server/definitions/publish.js';
import { newResponseId } from '../web/form/draft.js';
import { answersResolver, fromAnswers, toAnswers, type FormValues } from '../web/form/values.js';

const definition: TSurveyDefinition = ZSurveyDefinition.parse({
  slug: 'thu-nghiem',
  kind: 'administrative',
  title: { vi: 'Thử nghiệm' },
  audience: { vi: 'Người dân' },
  target: 0.95,
  criteria: [{ key: 'main', title: { vi: 'Chung' } }],
  questions: [
    { key: 'staff', criterion: 'main', type: 'likert5', text: { vi: 'Thái độ' } },
    { key: 'room', criterion: 'main', type: 'likert5', allowNotApplicable: true, text: { vi: 'Phòng chờ' } },
    { key: 'fee_ok', criterion: 'main', type: 'yes_no', required: false, text: { vi: 'Phí đúng?' } },
    {
      key: 'channel',
      criterion: 'main',
      type: 'single_choice',
      text: { vi: 'Kênh' },
      options: [
        { value: 'truc_tiep', label: { vi: 'Trực tiếp' } },
        { value: 'truc_tuyen', label: { vi: 'Trực tuyến' } },
      ],
    },
    { key: 'note', criterion: 'main', type: 'text', maxLength: 10, text: { vi: 'Ghi chú' } },
  ],
});

const values = (a: FormValues['a'], comment = ''): FormValues => ({ a, comment, website: '' });
const resolve = async (lang: 'vi' | 'en', v: FormValues) =>
  answersResolver(definition, lang)(v, undefined, { fields: {}, shouldUseNativeValidation: false });

describe('the form values and the shared answer schema', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('turns input strings into typed answers, leaving unanswered questions out', () => {
    expect(toAnswers(definition, { staff: '4', room: 'na', fee_ok: 'no', channel: 'truc_tuyen', note: '  ' })).toEqual({
      staff: 4,
      room: 'na',
      fee_ok: false,
      channel: 'truc_tuyen',
    });
    expect(toAnswers(definition, { staff: null, fee_ok: 'yes', extra: '5' })).toEqual({ fee_ok: true });
    const typed = { staff: 5, room: 2, fee_ok: true, channel: 'truc_tiep', note: 'ok' };
    expect(toAnswers(definition, fromAnswers(typed))).toEqual(typed);
  });

  it('refuses what the server refuses, with the message on the question', async () => {
    const empty = await resolve('vi', values({}));
    expect(Object.keys(empty.errors.a ?? {}).sort()).toEqual(['channel', 'room', 'staff']);
    expect(empty.errors.a?.staff?.message).toBe('Vui lòng trả lời câu hỏi này');
    const long = await resolve('vi', values({ staff: '3', room: '3', channel: 'truc_tiep', note: 'quá mười ký tự' }));
    expect(long.errors.a?.note?.message).toBe('Tối đa 10 ký tự');
    const schema = buildAnswersSchema(definition);
    for (const a of [{}, { staff: '3', room: '3', channel: 'truc_tiep', note: 'quá mười ký tự' }]) {
      const server = checkAnswers(schema, definition, toAnswers(definition, a));
      const client = await resolve('vi', values(a));
      expect(server.ok).toBe(false);
      expect(Object.keys(client.errors.a ?? {}).sort()).toEqual(
        server.ok ? [] : server.problems.map((p) => p.key).sort(),
      );
    }
  });

  it('says it in English when the form is in English', async () => {
    const res = await resolve('en', values({ room: '2', channel: 'truc_tiep', note: 'more than ten' }));
    expect(res.errors.a?.staff?.message).toBe('Please answer this question');
    expect(res.errors.a?.note?.message).toBe('At most 10 characters');
    const comment = await resolve('en', values({ staff: '1', room: '1', channel: 'truc_tiep' }, 'x'.repeat(2001)));
    expect(comment.errors.comment?.message).toBe('At most 2000 characters');
  });

  it('passes a complete answer through, and accepts every published definition', async () => {
    const ok = await resolve('vi', values({ staff: '5', room: 'na', channel: 'truc_tiep' }));
    expect(ok.errors).toEqual({});
    const { definitions, problems } = parseDefinitionFiles(await readDefinitionFiles());
    expect(problems).toEqual([]);
    for (const { definition: def } of definitions) {
      const a: FormValues['a'] = {};
      for (const q of def.questions) {
        if (q.type === 'likert5' || q.type === 'agreement5') a[q.key] = '4';
        else if (q.type === 'yes_no') a[q.key] = 'yes';
        else if (q.type === 'single_choice') a[q.key] = q.options[0]!.value;
        else if (q.type === 'multiple_choice' && q.required)
          a[q.key] = q.options.slice(0, q.minSelections).map((o) => o.value);
        else if (q.type === 'number' && q.required) a[q.key] = String(q.min ?? 0).replace('.', ',');
      }
      const res = await answersResolver(def, 'vi')(values(a), undefined, {
        fields: {},
        shouldUseNativeValidation: false,
      });
      expect(res.errors, def.slug).toEqual({});
      expect(checkAnswers(buildAnswersSchema(def), def, toAnswers(def, a)).ok).toBe(true);
    }
  });

  it('makes version-4 UUIDs the server accepts, also without crypto.randomUUID (plain http)', () => {
    expect(z.uuid().safeParse(newResponseId()).success).toBe(true);
    vi.stubGlobal('crypto', { getRandomValues: (a: Uint8Array) => webcrypto.getRandomValues(a) });
    const ids = Array.from({ length: 50 }, () => newResponseId());
    for (const id of ids) expect(z.uuid({ version: 'v4' }).safeParse(id).success, id).toBe(true);
    expect(new Set(ids).size).toBe(50);
    vi.stubGlobal('crypto', undefined);
    expect(z.uuid().safeParse(newResponseId()).success).toBe(true);
  });
});
