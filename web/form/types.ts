import type { TSurveyDefinition } from '../../domain/definition.js';

/** GET /api/v1/public/forms/{code}, also inlined in the form page as #hl-form-data. */
export interface PublicForm {
  survey: { slug: string; title: { vi: string; en: string | null }; target: number };
  version: { id: number; number: number };
  unit: { code: string; name: string };
  link: { code: string; channel: string };
  definition: TSurveyDefinition;
}

/** The body of POST /api/v1/public/responses. */
export interface SubmissionBody {
  id: string;
  linkCode: string;
  versionId: number;
  answers: Record<string, unknown>;
  comment?: string;
  startedAt?: string;
  finishedAt?: string;
  deviceToken?: string;
  website?: string;
}
