import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import {
  LOCAL_UNIT_KINDS,
  SCHOOL_LEVEL_LABELS,
  SCHOOL_LEVELS,
  schoolLevelFromText,
  UNIT_KIND_LABELS,
  UNIT_KINDS,
  unitKindFromText,
  type TUnitKind,
} from '../../domain/contract/units.js';
import type { Database } from '../db/schema.js';
import { lockForTransaction } from '../db/locks.js';

export const UNIT_CSV_COLUMNS = ['code', 'name', 'kind', 'level', 'parent_code', 'ward', 'enrolment'] as const;

const emptyToNull = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? null : v);

// A school secretary writes "Trường học" and "Tiểu học", an integrator `school` and `tieu_hoc`: both
// are read, ignoring case and diacritics; what names nothing is refused with the accepted labels.
const kindFromText = (v: unknown) => (typeof v === 'string' ? (unitKindFromText(v) ?? v.trim()) : v);
const levelFromText = (v: unknown) => {
  const empty = emptyToNull(v);
  return typeof empty === 'string' ? (schoolLevelFromText(empty) ?? empty.trim()) : empty;
};
const KIND_CHOICES = UNIT_KINDS.map((k) => `"${UNIT_KIND_LABELS[k].vi}" (${k})`).join(', ');
const LEVEL_CHOICES = SCHOOL_LEVELS.map((l) => `"${SCHOOL_LEVEL_LABELS[l].vi}" (${l})`).join(', ');

export const ZUnitRow = z
  .object({
    code: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/, 'mã đơn vị chỉ gồm chữ không dấu, số, ".", "_" hoặc "-" (tối đa 40)'),
    name: z.string().trim().min(1, 'cần tên đơn vị').max(200, 'tên quá dài (tối đa 200 ký tự)'),
    kind: z.preprocess(
      kindFromText,
      z.enum(UNIT_KINDS, { message: `loại đơn vị không hợp lệ; dùng một trong: ${KIND_CHOICES}` }),
    ),
    level: z.preprocess(
      levelFromText,
      z.enum(SCHOOL_LEVELS, { message: `cấp học không hợp lệ; dùng một trong: ${LEVEL_CHOICES}` }).nullable(),
    ),
    parent_code: z.preprocess(emptyToNull, z.string().trim().nullable()),
    ward: z.preprocess(emptyToNull, z.string().trim().max(120).nullable()),
    enrolment: z.preprocess(
      emptyToNull,
      z.coerce
        .number({ message: 'sĩ số phải là số nguyên không âm' })
        .int('sĩ số phải là số nguyên không âm')
        .min(0, 'sĩ số phải là số nguyên không âm')
        .max(100000, 'sĩ số quá lớn')
        .nullable(),
    ),
  })
  .superRefine((row, ctx) => {
    if (row.kind === 'school' && !row.level) {
      ctx.addIssue({ code: 'custom', path: ['level'], message: 'trường học cần cấp học' });
    }
    if (row.kind !== 'school' && row.level && row.kind !== 'other') {
      ctx.addIssue({ code: 'custom', path: ['level'], message: 'chỉ trường học mới có cấp học' });
    }
    if (row.parent_code && row.parent_code === row.code) {
      ctx.addIssue({ code: 'custom', path: ['parent_code'], message: 'đơn vị không thể là cấp trên của chính nó' });
    }
  });
export type UnitRow = z.infer<typeof ZUnitRow>;

export interface RowProblem {
  line: number;
  column: string;
  message: string;
}

export class UnitImportError extends Error {
  constructor(public readonly problems: RowProblem[]) {
    super(
      'Không nhập đơn vị nào (nothing was imported):\n' +
        problems.map((p) => `  dòng ${p.line}, cột ${p.column}: ${p.message}`).join('\n'),
    );
    this.name = 'UnitImportError';
  }
}

/** Parse and validate a units CSV; every problem is reported with its line and column. */
export function parseUnitsCsv(text: string): { rows: Array<UnitRow & { line: number }>; problems: RowProblem[] } {
  const problems: RowProblem[] = [];
  let records: Array<{ record: Record<string, string>; info: { lines: number } }>;
  try {
    records = parse(text, {
      bom: true,
      columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
      skip_empty_lines: true,
      trim: true,
      info: true,
      relax_column_count: false,
    });
  } catch (err) {
    const e = err as Error & { lines?: number };
    return { rows: [], problems: [{ line: e.lines ?? 1, column: '*', message: `CSV không hợp lệ: ${e.message}` }] };
  }
  const header = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const columns = header.split(',').map((h) => h.trim().toLowerCase());
  const missing = UNIT_CSV_COLUMNS.filter((c) => !columns.includes(c));
  if (missing.length > 0) {
    return {
      rows: [],
      problems: missing.map((c) => ({ line: 1, column: c, message: `thiếu cột "${c}" trong dòng tiêu đề` })),
    };
  }
  const rows: Array<UnitRow & { line: number }> = [];
  const seen = new Map<string, number>();
  for (const { record, info } of records) {
    const line = info.lines;
    const parsed = ZUnitRow.safeParse(record);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        problems.push({ line, column: String(issue.path[0] ?? '*'), message: issue.message });
      }
      continue;
    }
    const firstLine = seen.get(parsed.data.code.toUpperCase());
    if (firstLine !== undefined) {
      problems.push({ line, column: 'code', message: `mã "${parsed.data.code}" trùng với dòng ${firstLine}` });
      continue;
    }
    seen.set(parsed.data.code.toUpperCase(), line);
    rows.push({ ...parsed.data, line });
  }
  if (records.length === 0) problems.push({ line: 1, column: '*', message: 'tệp không có dòng dữ liệu nào' });
  return { rows, problems };
}

export interface UnitImportResult {
  inserted: number;
  updated: number;
}

/**
 * Import units in one transaction: a re-import updates units by code; any bad row, or a
 * parent code found neither in the file nor in the database, imports nothing.
 */
export async function importUnits(
  db: Database,
  text: string,
  options: {
    /** Runs in the import's transaction, e.g. to write the audit entry with it. */
    onImported?: (trx: Database, result: UnitImportResult) => Promise<void>;
  } = {},
): Promise<UnitImportResult> {
  const { rows, problems } = parseUnitsCsv(text);
  if (problems.length > 0) throw new UnitImportError(problems);

  return db.transaction().execute(async (trx) => {
    await lockForTransaction(trx, 'units');
    const existing = await trx.selectFrom('units').select(['id', 'code', 'name', 'kind', 'parent_id']).execute();
    const idByCode = new Map(existing.map((u) => [u.code, u.id]));
    const fileCodes = new Set(rows.map((r) => r.code));
    const refusals: RowProblem[] = [];
    for (const r of rows) {
      if (r.parent_code && !fileCodes.has(r.parent_code) && !idByCode.has(r.parent_code)) {
        refusals.push({
          line: r.line,
          column: 'parent_code',
          message: `không tìm thấy đơn vị cấp trên "${r.parent_code}"`,
        });
      }
    }
    const cycle = findCycle(rows, existing);
    if (cycle)
      refusals.push({ line: cycle.line, column: 'parent_code', message: 'quan hệ cấp trên tạo thành vòng lặp' });
    if (refusals.length > 0) throw new UnitImportError(refusals);

    const wardOf = localWards(rows, existing);
    let inserted = 0;
    let updated = 0;
    // Upsert without parents first, then set parents, so rows may come in any order.
    for (const r of rows) {
      const ward = r.ward ?? wardOf.get(r.code) ?? null;
      const values = { name: r.name, kind: r.kind, level: r.level, ward, enrolment: r.enrolment };
      const id = idByCode.get(r.code);
      if (id !== undefined) {
        await trx
          .updateTable('units')
          .set({ ...values, updated_at: new Date() })
          .where('id', '=', id)
          .execute();
        updated++;
      } else {
        const row = await trx
          .insertInto('units')
          .values({ code: r.code, ...values })
          .returning('id')
          .executeTakeFirstOrThrow();
        idByCode.set(r.code, row.id);
        inserted++;
      }
    }
    for (const r of rows) {
      await trx
        .updateTable('units')
        .set({ parent_id: r.parent_code ? (idByCode.get(r.parent_code) ?? null) : null })
        .where('code', '=', r.code)
        .execute();
    }
    await options.onImported?.(trx, { inserted, updated });
    return { inserted, updated };
  });
}

/**
 * The ward column of rows that leave it empty: a commune, ward or special zone is its own, and a unit
 * under one (a school under its ward) takes that unit's name. So the "ward" breakdowns and filters,
 * which read the column, follow the two-level tree without anyone typing the name twice.
 */
function localWards(
  rows: Array<UnitRow & { line: number }>,
  existing: Array<{ code: string; name: string; kind: TUnitKind }>,
): Map<string, string> {
  const local = new Map<string, string>();
  for (const u of existing) if (LOCAL_UNIT_KINDS.includes(u.kind)) local.set(u.code, u.name);
  for (const r of rows) {
    if (LOCAL_UNIT_KINDS.includes(r.kind)) local.set(r.code, r.name);
    else local.delete(r.code);
  }
  const out = new Map<string, string>();
  for (const r of rows) {
    const own = local.get(r.code);
    const parent = r.parent_code ? local.get(r.parent_code) : undefined;
    if (own ?? parent) out.set(r.code, (own ?? parent)!);
  }
  return out;
}

function findCycle(
  rows: Array<UnitRow & { line: number }>,
  existing: Array<{ id: number; code: string; parent_id: number | null }>,
): { line: number } | undefined {
  const codeById = new Map(existing.map((u) => [u.id, u.code]));
  const parentOf = new Map<string, string | null>();
  for (const u of existing) parentOf.set(u.code, u.parent_id === null ? null : (codeById.get(u.parent_id) ?? null));
  for (const r of rows) parentOf.set(r.code, r.parent_code);
  for (const r of rows) {
    const seen = new Set<string>([r.code]);
    let current = parentOf.get(r.code) ?? null;
    while (current) {
      if (seen.has(current)) return { line: r.line };
      seen.add(current);
      current = parentOf.get(current) ?? null;
    }
  }
  return undefined;
}
