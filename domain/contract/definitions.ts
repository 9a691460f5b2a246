import { z } from 'zod';
import type { DefinitionDiff } from '../definition-diff.js';
import {
  ZCriterion,
  ZLikertQuestion,
  ZLocalizedText,
  ZSingleChoiceQuestion,
  ZSurveyDefinition,
  ZTextQuestion,
  ZYesNoQuestion,
} from '../definition.js';

/**
 * Answers of the API, shared by the server (its response schemas) and the admin app (which parses
 * with them). Instants are ISO strings on the wire; the server converts its Dates where it builds
 * the answer. One module per area, so each lazily loaded screen carries only its own.
 */

const ZFieldChange = z.object({ field: z.string(), before: z.unknown(), after: z.unknown() });
const ZQuestionSummary = z.object({
  key: z.string(),
  // The question types as the definition schema names them, not a list of our own.
  type: z.union([
    ZLikertQuestion.shape.type,
    ZYesNoQuestion.shape.type,
    ZSingleChoiceQuestion.shape.type,
    ZTextQuestion.shape.type,
  ]),
  criterion: z.string(),
  text: ZLocalizedText,
});
/** The answer's type is checked against domain's DefinitionDiff, which DiffView renders. */
export const ZDefinitionDiff: z.ZodType<DefinitionDiff> = z.object({
  survey: z.array(ZFieldChange),
  criteria: z.object({
    added: z.array(ZCriterion),
    removed: z.array(ZCriterion),
    changed: z.array(z.object({ key: z.string(), title: ZLocalizedText, changes: z.array(ZFieldChange) })),
    reordered: z.boolean(),
  }),
  questions: z.object({
    added: z.array(ZQuestionSummary),
    removed: z.array(ZQuestionSummary),
    changed: z.array(ZQuestionSummary.extend({ changes: z.array(ZFieldChange), breaking: z.boolean() })),
    reordered: z.boolean(),
  }),
  breaking: z.array(z.object({ key: z.string(), before: z.string(), after: z.string(), message: z.string() })),
  identical: z.boolean(),
});
/** GET /api/v1/surveys/{slug}/diff */
export const ZDiffAnswer = z.object({ from: z.number(), to: z.number(), diff: ZDefinitionDiff });
const ZVersionMeta = z.object({
  id: z.number(),
  number: z.number(),
  contentHash: z.string(),
  publishedAt: z.string(),
  publishedBy: z.string().nullable(),
  sourceFile: z.string(),
  retiredAt: z.string().nullable(),
});
/** GET /api/v1/surveys/{slug}/versions/{n}: the definition as stored, shown as JSON or previewed. */
export const ZVersionAnswer = z.object({
  survey: z.object({ slug: z.string(), title: z.object({ vi: z.string(), en: z.string().nullable() }) }),
  version: ZVersionMeta,
  definition: z.record(z.string(), z.unknown()),
});

const ZProblem = z.object({ path: z.string(), message: z.string(), key: z.string().optional() });
export type TProblem = z.infer<typeof ZProblem>;
/** POST /api/v1/definitions/validate */
export const ZValidation = z.object({
  status: z.enum(['invalid', 'refused', 'new_survey', 'new_version', 'unchanged']),
  publishable: z.boolean(),
  slug: z.string().nullable(),
  currentVersion: z.number().nullable(),
  nextVersion: z.number().nullable(),
  problems: z.array(ZProblem),
  breakingChanges: z.array(ZProblem),
  diff: ZDefinitionDiff.nullable(),
  /** The draft as the form reads it, defaults filled in. */
  definition: ZSurveyDefinition.nullable(),
});
export type TValidation = z.infer<typeof ZValidation>;
/** POST /api/v1/definitions/publish */
export const ZPublished = z.object({
  outcome: z.object({ slug: z.string(), status: z.enum(['published', 'unchanged']), number: z.number() }),
});
