import { z } from 'zod';

/**
 * Kinds of unit in the Sở's tree (migrations check the same list). Since 1/7/2025 local government
 * has two levels: the city, and its communes, wards and special zones (xã, phường, đặc khu), which
 * are units of the tree so that preschools, primary and lower-secondary schools sit under theirs.
 */
export const UNIT_KINDS = ['department', 'office', 'school', 'ward', 'commune', 'special_zone', 'other'] as const;
export const ZUnitKind = z.enum(UNIT_KINDS);
export type TUnitKind = z.infer<typeof ZUnitKind>;

export const UNIT_KIND_LABELS: Record<TUnitKind, { vi: string; en: string }> = {
  department: { vi: 'Sở', en: 'Department' },
  office: { vi: 'Phòng/ban', en: 'Office' },
  school: { vi: 'Trường học', en: 'School' },
  ward: { vi: 'Phường', en: 'Ward' },
  commune: { vi: 'Xã', en: 'Commune' },
  special_zone: { vi: 'Đặc khu', en: 'Special zone' },
  other: { vi: 'Khác', en: 'Other' },
};

/** The commune-level kinds: a unit of one of these names the "ward" of the schools under it. */
export const LOCAL_UNIT_KINDS: readonly TUnitKind[] = ['ward', 'commune', 'special_zone'];

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

/** Lower case, without Vietnamese marks, đ as d, separators as one space: how a typed label is compared. */
function foldLabel(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[\s_\-/]+/g, ' ')
    .trim();
}

function byLabel<K extends string>(labels: Record<K, { vi: string; en: string }>, extra: Record<string, K>) {
  const map = new Map<string, K>();
  for (const [key, text] of Object.entries(labels) as Array<[K, { vi: string; en: string }]>) {
    for (const name of [key, text.vi, text.en]) map.set(foldLabel(name), key);
  }
  for (const [name, key] of Object.entries(extra)) map.set(foldLabel(name), key);
  return (typed: string): K | undefined => map.get(foldLabel(typed));
}

/**
 * A unit kind from its code or its Vietnamese or English label, ignoring case and diacritics
 * ("Trường học", "truong hoc", "school"); undefined when it names none.
 */
export const unitKindFromText = byLabel<TUnitKind>(UNIT_KIND_LABELS, {
  Trường: 'school',
  'Cơ sở giáo dục': 'school',
  Phòng: 'office',
  'Phòng ban': 'office',
  'Sở Giáo dục và Đào tạo': 'department',
  'Phường/xã': 'ward',
});

/** The label of a level read back from the database (a plain string there); undefined for an unknown one. */
export function schoolLevelLabel(key: string): { vi: string; en: string } | undefined {
  const level = ZSchoolLevel.safeParse(key);
  return level.success ? SCHOOL_LEVEL_LABELS[level.data] : undefined;
}

/**
 * A school level from its code or label ("Tiểu học", "tieu hoc", "tieu_hoc", "Primary"; also the
 * usual short forms "THCS", "THPT", "GDTX"), ignoring case and diacritics; undefined when none.
 */
export const schoolLevelFromText = byLabel<TSchoolLevel>(SCHOOL_LEVEL_LABELS, {
  'Mẫu giáo': 'mam_non',
  'Nhà trẻ': 'mam_non',
  THCS: 'thcs',
  THPT: 'thpt',
  GDTX: 'gdtx',
  'GDNN-GDTX': 'gdtx',
  'Trung tâm GDTX': 'gdtx',
  'Trung tâm GDNN-GDTX': 'gdtx',
});

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
