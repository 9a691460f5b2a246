import { z } from 'zod';
import type { Database } from '../db/schema.js';

/**
 * The certified figures of a period, read from the report snapshot an administrator froze
 * (server/reports freezePeriod). Only what the public page shows is read, leniently: snapshots
 * frozen before figures carried `respondents` still read (their accepted responses stand in).
 */
const ZFrozenFigure = z.object({
  value: z.number().nullable(),
  n: z.number(),
  respondents: z.number().optional(),
  interval: z.object({ low: z.number(), high: z.number() }),
  target: z.number().nullable(),
  status: z.enum(['met', 'below', 'uncertain', 'no_data', 'no_target']),
});
export type FrozenFigure = z.infer<typeof ZFrozenFigure>;

const ZSection = z.object({
  selector: z.string(),
  summary: z.object({
    overall: ZFrozenFigure,
    headline: z.object({ figure: ZFrozenFigure }).optional(),
    responses: z.object({ accepted: z.number() }),
  }),
  units: z.array(
    z.object({
      unit: z.object({ code: z.string(), name: z.string(), level: z.string().nullable() }).optional(),
      responses: z.number(),
      figure: ZFrozenFigure,
    }),
  ),
});
export type FrozenSection = z.infer<typeof ZSection>;

const ZSnapshot = z.object({ whole: z.object({ sections: z.array(z.unknown()) }) });

/** Selector → the frozen section and when it was frozen. */
export type FrozenPeriod = Map<string, { section: FrozenSection; at: string }>;

/** The frozen sections of a period by selector: a survey's own freeze wins over the all-surveys one. */
export async function frozenSections(db: Database, periodCode: string): Promise<FrozenPeriod> {
  const rows = await db
    .selectFrom('frozen_periods')
    .select(['selector', 'snapshot', 'frozen_at'])
    .where('period_code', '=', periodCode)
    .orderBy('frozen_at')
    .execute();
  const sections: FrozenPeriod = new Map();
  // '*' first, then single selectors overwrite it.
  for (const row of [...rows].sort((a, b) => (a.selector === '*' ? -1 : b.selector === '*' ? 1 : 0))) {
    const snapshot = ZSnapshot.safeParse(row.snapshot);
    if (!snapshot.success) continue;
    for (const raw of snapshot.data.whole.sections) {
      const s = ZSection.safeParse(raw);
      if (s.success) sections.set(s.data.selector, { section: s.data, at: row.frozen_at.toISOString() });
    }
  }
  return sections;
}
