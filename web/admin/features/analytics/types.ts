/** Shapes of the analytics API answers (server/analytics/schemas.ts). */
export interface Text {
  vi: string;
  en: string;
}
export type Status = 'met' | 'below' | 'uncertain' | 'no_data' | 'no_target';
export type Method = 'top2_pooled' | 'mean_score' | 'index_100' | 'comprehensive';

export interface Figure {
  method: Method;
  value: number | null;
  n: number;
  satisfied: number | null;
  interval: { low: number; high: number };
  target: number | null;
  status: Status;
  smallSample: boolean;
  scale: { min: number; max: number };
}

export interface MethodInfo {
  key: Method;
  label: Text;
  description: Text;
  comparesToTarget: boolean;
}

export interface SeriesPoint {
  start: string;
  label: Text;
  responses: number;
  figure: Figure;
}

export interface Summary {
  survey: { selector: string; kind: 'survey' | 'family'; title: Text; slugs: string[]; target: number };
  period: { code: string; label: Text; from: string; to: string };
  filters: { unit: { code: string; name: string } | null };
  method: MethodInfo;
  minN: number;
  target: number;
  overall: Figure;
  methods: Record<Method, Figure>;
  responses: { accepted: number; pending: number; rejected: number; respondents: number; withComment: number };
  criteria: Array<{ key: string; title: Text; questions: string[]; figure: Figure }>;
  questions: Array<{ key: string; criterion: string; text: Text; figure: Figure }>;
  yesNo: Array<{ key: string; text: Text; yes: number; no: number; n: number; share: number | null }>;
  series: { unit: 'week' | 'month' | 'quarter'; points: SeriesPoint[] };
}

export interface BreakdownRow {
  key: string | null;
  label: Text;
  unit?: { code: string; name: string; kind: string; level: string | null; ward: string | null };
  responses: number;
  pending: number;
  figure: Figure;
}

export interface Options {
  surveys: Array<{
    slug: string;
    family: string | null;
    kind: string;
    level: string | null;
    title: Text;
    target: number;
    versions: number[];
  }>;
  families: Array<{ key: string; title: Text; slugs: string[]; target: number }>;
  periods: Array<{ code: string; label: Text; kind: string }>;
  levels: Array<{ key: string; label: Text }>;
  wards: string[];
  channels: string[];
  units: Array<{
    code: string;
    name: string;
    kind: string;
    level: string | null;
    ward: string | null;
    parentCode: string | null;
  }>;
  methods: Array<MethodInfo & { isDefault: boolean }>;
  minN: number;
}

export interface CommentItem {
  id: string;
  submittedAt: string;
  survey: string;
  unit: { code: string; name: string };
  comment: string | null;
  texts: Array<{ key: string; question: Text; text: string }>;
  flags: string[];
  reviewStatus: 'accepted' | 'pending' | 'rejected';
}

export interface CchcTable {
  year: number;
  maxPoints: number;
  scale: { kind: 'proportional' } | { kind: 'steps'; steps: Array<{ minRate: number; points: number }> };
  rows: Array<{
    survey: string;
    surveyTitle: { vi: string; en: string };
    unit: { code: string; name: string };
    responses: number;
    figure: Figure;
    points: number;
    maxPoints: number;
  }>;
}
