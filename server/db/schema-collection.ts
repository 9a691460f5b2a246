import type { ColumnType, Generated } from 'kysely';
import type { Timestamp, CreatedAt, Json } from './columns.js';

/** Table types of the collection and follow-up features (feedback, paper, kiosks, interviews, officers, drafts); schema.ts assembles DB. */

// Feedback (migrations/0070, issue 13).
export interface FeedbackItemsTable {
  id: string;
  code: string;
  body_hash: string;
  unit_id: number;
  origin_unit_id: number;
  category: string;
  content: string;
  channel: string;
  contact: Json<Record<string, string>> | null;
  consent: Generated<boolean>;
  status: Generated<string>;
  reply: string | null;
  replied_at: Date | null;
  deadline: ColumnType<string, string, string>;
  escalated_at: Date | null;
  escalated_to: number | null;
  spam: Generated<boolean>;
  created_at: Generated<Date>;
  created_by: number | null;
  updated_at: Generated<Date>;
  closed_at: Date | null;
  contact_purged_at: Date | null;
  published_issue: string | null;
  published_action: string | null;
  published_at: Date | null;
  published_by: number | null;
}

export interface FeedbackEventsTable {
  id: Generated<number>;
  feedback_id: string;
  at: Generated<Date>;
  actor_id: number | null;
  kind: string;
  from_status: string | null;
  to_status: string | null;
  unit_id: number | null;
  text: string | null;
}

export interface FeedbackPhotosTable {
  feedback_id: string;
  position: number;
  mime: string;
  bytes: Buffer;
}

export interface FeedbackSettingsTable {
  name: string;
  value: Json<unknown>;
  updated_at: Generated<Date>;
  updated_by: number | null;
}

export interface CalendarDaysTable {
  day: ColumnType<string, string, string>;
  kind: 'off' | 'working';
  name: string;
  created_at: Generated<Date>;
  created_by: number | null;
}

/** Printed paper questionnaires (migrations/0080). */
export interface PaperBatchesTable {
  id: Generated<number>;
  survey_id: number;
  version_id: number;
  unit_id: number;
  link_id: number;
  sheets: number;
  created_at: Generated<Date>;
  created_by: number | null;
}

export interface PaperSheetsTable {
  serial: Generated<number>;
  batch_id: number;
  response_id: string | null;
  entered_by: number | null;
  entered_at: Date | null;
}

/** Second typings of paper sheets for double entry (migrations/0081). */
export interface PaperChecksTable {
  serial: number;
  answers: Json<Record<string, unknown>>;
  comment: string | null;
  entered_by: number;
  entered_at: Generated<Date>;
}

/** Interview lists, their selected people and each call (migrations/0100). */
export type InterviewMode = 'phone' | 'in_person';
export type ContactStatus = 'pending' | 'callback' | 'not_reached' | 'refused' | 'completed';
export type AttemptOutcome = Exclude<ContactStatus, 'pending'>;

export interface InterviewListsTable {
  id: Generated<number>;
  label: string;
  survey_id: number;
  version_id: number;
  unit_id: number;
  link_id: number;
  mode: Generated<InterviewMode>;
  created_at: CreatedAt;
  created_by: number | null;
  /** Closed by staff (migrations/0150); the retention job clears remaining contacts some days later. */
  closed_at: Generated<Date | null>;
  closed_by: Generated<number | null>;
  contacts_cleared_at: Generated<Date | null>;
}

export interface InterviewContactsTable {
  id: Generated<number>;
  list_id: number;
  position: number;
  label: string;
  contact: string | null;
  status: Generated<ContactStatus>;
  attempts: Generated<number>;
  callback_at: Date | null;
  refusal_reason: string | null;
  response_id: string | null;
  updated_at: Date | null;
  updated_by: number | null;
}

export interface InterviewAttemptsTable {
  id: Generated<number>;
  contact_id: number;
  outcome: AttemptOutcome;
  at: CreatedAt;
  interviewer_id: number | null;
}

/** A registered kiosk tablet (migrations/0085). */
export interface KiosksTable {
  id: Generated<number>;
  token_hash: string;
  label: string;
  survey_id: number;
  unit_id: number;
  link_id: number;
  min_interval_s: Generated<number>;
  created_at: CreatedAt;
  created_by: number | null;
  revoked_at: Date | null;
  revoked_by: number | null;
  officer_id: Generated<number | null>;
  officer_pick: Generated<boolean>;
}

/** A unit's officer (cán bộ) whose service answers can be attributed to (migrations/0105). */
export interface OfficersTable {
  id: Generated<number>;
  unit_id: number;
  display_name: string;
  position: Generated<string>;
  active: Generated<boolean>;
  user_id: number | null;
  created_at: CreatedAt;
  created_by: number | null;
  updated_at: Timestamp;
}

/** A survey being written in the admin app's builder (migrations/0095). */
export interface SurveyDraftsTable {
  id: Generated<number>;
  slug: Generated<string>;
  title: Generated<string>;
  definition: ColumnType<unknown, string, string>;
  base_slug: string | null;
  base_version: number | null;
  version: Generated<number>;
  author_id: number | null;
  author_label: string;
  created_at: CreatedAt;
  updated_at: Generated<Date>;
  published_version: number | null;
  published_at: Date | null;
}
