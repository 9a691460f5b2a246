import { z } from 'zod';

/** The roles an account can hold; a unit manager's role names a unit (and covers its sub-units). */
export const ROLES = ['admin', 'analyst', 'unit_manager'] as const;
export const ZRole = z.enum(ROLES);
export type TRole = z.infer<typeof ZRole>;

export const ROLE_LABELS: Record<TRole, { vi: string; en: string }> = {
  admin: { vi: 'Quản trị viên', en: 'Administrator' },
  analyst: { vi: 'Chuyên viên phân tích', en: 'Analyst' },
  unit_manager: { vi: 'Quản lý đơn vị', en: 'Unit manager' },
};
