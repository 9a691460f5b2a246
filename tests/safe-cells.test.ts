import ExcelJS from 'exceljs';
import { randomUUID } from 'node:crypto';
import { buffer } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TSurveyDefinition } from '../domain/definition.js';
import { csvField, csvRow, safeCell, safeValue, type CellValue } from '../server/sheets/safe-cells.js';
import { streamWorkbook } from '../server/sheets/workbook.js';
import { startFormTestApp } from './form-fixtures.js';
import { signedInAgent, type TestApp } from './helpers/app.js';
import { validAnswers } from './helpers/answers.js';

/**
 * Spreadsheet formula injection, one case per rule of server/reports/safe-cells.ts, then the same
 * rules seen from outside: an XLSX read back with exceljs, and comments submitted through the public
 * form coming out of GET /api/v1/exports/responses.csv.
 */

/** RFC 4180 as a spreadsheet reads it, with the list separator of the user's locale. */
function parseCsv(text: string, separator: ',' | ';'): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const endField = () => {
    row.push(field);
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted && c === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (c === '"') {
      // Leniently, as spreadsheets read: a quote anywhere opens or closes quoting, not only at a field's start.
      quoted = !quoted;
    } else if (!quoted && c === separator) {
      endField();
    } else if (!quoted && c === '\r' && text[i + 1] === '\n') {
      endField();
      rows.push(row);
      row = [];
      i++;
    } else {
      field += c;
    }
  }
  if (field !== '' || row.length > 0) {
    endField();
    rows.push(row);
  }
  return rows;
}

/** Cells a spreadsheet would evaluate: not a number, not apostrophe-escaped, a formula character first. */
const formulaCells = (rows: string[][]) =>
  rows
    .flat()
    .filter((v) => !/^-?\d+(\.\d+)?(e[+-]?\d+)?$/i.test(v) && !v.startsWith("'") && /^[\s"]*[=+\-@]|^[\t\r\n]/.test(v));

const ATTACKS = [
  '=1+1',
  '+1+1',
  '-2+3',
  '@SUM(A1)',
  '\t=cmd',
  '\r=cmd',
  '\n=cmd',
  '\0=cmd',
  ' =1+1',
  '\u00a0=1+1',
  '"=1+1"',
  `'=1+1`,
  '=HYPERLINK("http://evil.example","bấm vào đây")',
  'abc;=1+1',
  'abc,=1+1',
  'dòng một\r\n=cmd',
];

describe('safe cells: the rules', () => {
  it('1. prefixes text that starts with = + - @, a tab, CR, LF or NUL', () => {
    for (const bad of ['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx', '\nx', '\0x']) {
      expect(safeCell(bad)).toBe(`'${bad}`);
    }
  });

  it('2. prefixes text where = + - @ follows leading whitespace or quote marks', () => {
    for (const bad of [' =1+1', '  @SUM(A1)', '\t=cmd', '\u00a0-1', '"=1+1"', `'=1+1`, `" '+1`]) {
      expect(safeCell(bad)).toBe(`'${bad}`);
    }
  });

  it('leaves other text alone', () => {
    for (const ok of ['Trường Tiểu học Lê Lợi', '1+1', 'a=b', 'abc;=1+1', '"Tốt"', ' x', '', ' ']) {
      expect(safeCell(ok)).toBe(ok);
    }
  });

  it('3. quotes every CSV text cell and doubles its quotes', () => {
    expect(csvField('abc;=1+1')).toBe('"abc;=1+1"');
    expect(csvField('Trường A')).toBe('"Trường A"');
    expect(csvField('')).toBe('""');
    expect(csvField('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvField('\t=cmd')).toBe(`"'\t=cmd"`);
    expect(csvRow(['a,b', 'dòng\nmới', null, undefined, 0.5, -1, true, '-1'])).toBe(
      `"a,b","dòng\nmới",,,0.5,-1,true,"'-1"\r\n`,
    );
  });

  it('keeps numbers, booleans and dates typed and unquoted', () => {
    expect(safeValue(-5)).toBe(-5);
    expect(safeValue(false)).toBe(false);
    const at = new Date('2026-03-31T16:30:00Z');
    expect(safeValue(at)).toBe(at);
    expect(csvField(at)).toBe('2026-03-31T16:30:00.000Z');
    expect([csvField(Number.NaN), csvField(Infinity), csvField(null)]).toEqual(['', '', '']);
  });

  it('turns anything else (a JSON answer) into neutralised text, never an object', () => {
    expect(safeValue({ formula: '1+1' })).toBe('{"formula":"1+1"}');
    // A multiple-choice answer (a list of option codes) is one "a; b" cell, neutralised like any text.
    expect(safeValue(['=1'])).toBe("'=1");
    expect(safeValue(['a', 'b'])).toBe('a; b');
    expect(safeValue(['a', { x: 1 }])).toBe('["a",{"x":1}]');
    expect(csvField({ formula: '1+1' })).toBe('"{""formula"":""1+1""}"');
  });

  it('no attack becomes a formula cell, whether the list separator is , or ;', () => {
    const csv = ATTACKS.map((a) => csvRow([a, 1, a])).join('');
    for (const separator of [',', ';'] as const) {
      const rows = parseCsv(csv, separator);
      expect(rows).toHaveLength(ATTACKS.length);
      expect(formulaCells(rows)).toEqual([]);
    }
    // The same cells unquoted and unprefixed would be formulas: the check above can fail.
    expect(formulaCells(parseCsv(ATTACKS.join('\r\n'), ';')).length).toBeGreaterThan(ATTACKS.length / 2);
  });
});

describe('safe cells in XLSX', () => {
  it('writes text as string cells with the apostrophe, never formulas or links, numbers as numbers', async () => {
    // An object smuggled in where text belongs (a JSON answer) is how exceljs would write a formula.
    const smuggled = [{ formula: 'HYPERLINK("http://evil.example")' }, { text: 'x', hyperlink: 'http://evil.example' }];
    const out = streamWorkbook(
      [
        {
          name: 'Thử',
          preamble: ['=tiêu đề'],
          columns: [
            { header: '=cột', width: 10 },
            { header: 'Số', width: 10 },
            { header: 'Khác', width: 10 },
          ],
          rows: [...ATTACKS.map((a): CellValue[] => [a, -1, null]), smuggled as unknown as CellValue[]],
        },
      ],
      { title: 'Thử' },
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await buffer(out)) as unknown as ArrayBuffer);
    const cells: ExcelJS.Cell[] = [];
    wb.getWorksheet('Thử')!.eachRow((row) => row.eachCell((cell) => cells.push(cell)));
    const { String: text, Number: number } = ExcelJS.ValueType;
    expect(new Set(cells.map((c) => c.type))).toEqual(new Set([text, number]));
    const texts = cells.filter((c) => c.type === text).map((c) => c.value as string);
    expect(texts).toContain(`'=tiêu đề`);
    expect(texts).toContain(`'=cột`);
    // XML has no NUL (exceljs drops it) and reads a CR as a line feed.
    for (const a of ATTACKS) expect(texts).toContain(safeCell(a).replace(/\r\n?/g, '\n').replace('\0', ''));
    expect(texts).toContain(`{"formula":"HYPERLINK(\\"http://evil.example\\")"}`);
    expect(cells.filter((c) => c.type === number).map((c) => c.value)).toEqual(ATTACKS.map(() => -1));
  });
});

describe('safe cells in the raw-response CSV export', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startFormTestApp();
  });
  afterAll(() => t.close());

  it('quotes and neutralises comments submitted through the public form', async () => {
    const target = await t.db
      .selectFrom('links as l')
      .innerJoin('surveys as s', 's.id', 'l.survey_id')
      .innerJoin('survey_versions as v', 'v.survey_id', 's.id')
      .select(['l.code', 'v.id as versionId', 'v.definition'])
      .where('s.slug', '=', 'education-parents-tieu-hoc')
      .orderBy('l.id')
      .executeTakeFirstOrThrow();
    const definition = target.definition as TSurveyDefinition;
    const answers = validAnswers(definition);
    // The form trims comments, so "\t=cmd" is stored as "=cmd"; "\"@SUM" keeps its quote.
    const comments = ['abc;=1+1', '\t=cmd', '"@SUM(A1)', 'Ý kiến:\n=cmd'];
    for (const comment of comments) {
      const res = await t
        .request()
        .post('/api/v1/public/responses')
        .send({
          id: randomUUID(),
          linkCode: target.code,
          versionId: target.versionId,
          answers,
          comment,
          startedAt: new Date(Date.now() - 120_000).toISOString(),
        });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }

    const { agent } = await signedInAgent(t, [{ role: 'analyst' }]);
    const res = await agent
      .get('/api/v1/exports/responses.csv?survey=education-parents-tieu-hoc&includeFlagged=true')
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks).toString('utf8')));
      });
    expect(res.status).toBe(200);
    const csv = res.body as string;
    // The comment is the last column.
    expect(csv).toContain(`,"abc;=1+1"\r\n`);
    expect(csv).toContain(`,"'=cmd"\r\n`);
    expect(csv).toContain(`,"'""@SUM(A1)"\r\n`);
    expect(csv).toContain(`,"Ý kiến:\n=cmd"\r\n`);
    for (const separator of [',', ';'] as const) {
      const rows = parseCsv(csv.replace(/^\uFEFF/, ''), separator);
      expect(rows).toHaveLength(1 + comments.length);
      expect(formulaCells(rows)).toEqual([]);
    }
  });
});
