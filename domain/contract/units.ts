import { z } from 'zod';

/** Kinds of unit in the Sở's tree (migrations check the same list). */
export const UNIT_KINDS = ['department', 'office', 'school', 'ward', 'other'] as const;
export const ZUnitKind = z.enum(UNIT_KINDS);
export type TUnitKind = z.infer<typeof ZUnitKind>;

export const UNIT_KIND_LABELS: Record<TUnitKind, { vi: string; en: string }> = {
  department: { vi: 'Sở', en: 'Department' },
  office: { vi: 'Phòng/ban', en: 'Office' },
  school: { vi: 'Trường học', en: 'School' },
  ward: { vi: 'Phường/xã', en: 'Ward/commune' },
  other: { vi: 'Khác', en: 'Other' },
};

/** School levels: of a school unit, and of a survey meant for one level. */
export const SCHOOL_LEVELS = ['mam_non', 'tieu_hoc', 'thcs', 'thpt', 'gdtx'] as const;
export const ZSchoolLevel = z.enum(SCHOOL_LEVELS);
export type TSchoolLevel = z.infer<typeof ZSchoolLevel>;

export const SCHOOL_LEVEL_LABELS: Record<TSchoolLevel, { vi: string; en: string }> = {
  mam_non: { vi: 'Mầm non', en: 'Preschool' },
  tieu_hoc: { vi: 'Tiểu học', en: 'Primary' },
  thcs: { vi: 'Trung học cơ sở', en: 'Lower secondary' },
  thpt: { vi: 'Trung học phổ thông', en: 'Upper secondary' },
  gdtx: { vi: 'Giáo dục thường xuyên', en: 'Continuing education' },
};

/** The label of a level read back from the database (a plain string there); undefined for an unknown one. */
export function schoolLevelLabel(key: string): { vi: string; en: string } | undefined {
  const level = ZSchoolLevel.safeParse(key);
  return level.success ? SCHOOL_LEVEL_LABELS[level.data] : undefined;
}

/** A unit as the API answers it. */
export const ZUnit = z.object({
  id: z.number(),
  code: z.string(),
  name: z.string(),
  kind: ZUnitKind,
  level: ZSchoolLevel.nullable(),
  ward: z.string().nullable(),
  enrolment: z.number().nullable(),
  parentId: z.number().nullable(),
  parentCode: z.string().nullable(),
});
export type TUnit = z.infer<typeof ZUnit>;
/** GET /api/v1/units */
export const ZUnitList = z.object({ units: z.array(ZUnit) });
/** GET and PATCH /api/v1/units/{code} */
export const ZUnitOne = z.object({ unit: ZUnit });
/** POST /api/v1/units/import */
export const ZUnitImport = z.object({ inserted: z.number(), updated: z.number() });
