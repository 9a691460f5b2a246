import type { Generated, Insertable, Kysely, Selectable } from 'kysely';
import type { Timestamp, CreatedAt, Json } from './columns.js';
import type {
  FeedbackItemsTable,
  FeedbackEventsTable,
  FeedbackPhotosTable,
  FeedbackSettingsTable,
  CalendarDaysTable,
  PaperBatchesTable,
  PaperSheetsTable,
  PaperChecksTable,
  InterviewListsTable,
  InterviewContactsTable,
  InterviewAttemptsTable,
  KiosksTable,
  OfficersTable,
  SurveyDraftsTable,
} from './schema-collection.js';

/** Table types for kysely. Names match the SQL in migrations/. */

export interface UnitsTable {
  id: Generated<number>;
  code: string;
  name: string;
  kind: 'department' | 'office' | 'school' | 'ward' | 'commune' | 'special_zone' | 'other';
  level: 'mam_non' | 'tieu_hoc' | 'thcs' | 'thpt' | 'gdtx' | null;
  parent_id: number | null;
  ward: string | null;
  enrolment: number | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface SurveysTable {
  id: Generated<number>;
  slug: string;
  family: string | null;
  kind: 'administrative' | 'education' | 'consultation';
  level: string | null;
  title_vi: string;
  title_en: string | null;
  /** numeric comes back as a string from pg; parsed to number in the pool setup. */
  target: number;
  created_at: CreatedAt;
}

export interface SurveyVersionsTable {
  id: Generated<number>;
  survey_id: number;
  number: number;
  content_hash: string;
  definition: Json<unknown>;
  source_file: string;
  published_at: CreatedAt;
  published_by: string | null;
  retired_at: Date | null;
}

export interface LinksTable {
  id: Generated<number>;
  code: string;
  survey_id: number;
  unit_id: number;
  channel: Generated<string>;
  /** Where the QR code is posted, when not at the unit (migrations/0056). */
  location: string | null;
  created_at: CreatedAt;
  created_by: number | null;
  retired_at: Date | null;
  /** Bound to one officer, or offering a choice of the unit's officers (migrations/0105). */
  officer_id: Generated<number | null>;
  officer_pick: Generated<boolean>;
}

export type ReviewStatus = 'accepted' | 'pending' | 'rejected';

export interface ResponsesTable {
  id: string;
  survey_id: number;
  version_id: number;
  unit_id: number;
  link_id: number | null;
  channel: string;
  answers: Json<Record<string, unknown>>;
  comment: string | null;
  started_at: Date | string | null;
  submitted_at: Generated<Date>;
  body_hash: string;
  device_hash: string | null;
  ip_hash: string | null;
  flags: Generated<string[]>;
  review_status: Generated<ReviewStatus>;
  reviewed_by: number | null;
  reviewed_at: Date | null;
  /** The staff member who typed a paper answer in (migrations/0080); null for self-completed answers. */
  operator_id: number | null;
  /** The kiosk the answer was given on (migrations/0085); null elsewhere. */
  kiosk_id: number | null;
  /** The officer who served the respondent (migrations/0105); null when the answer names none. */
  officer_id: Generated<number | null>;
}

export interface UsersTable {
  id: Generated<number>;
  email: string;
  display_name: Generated<string>;
  password_hash: string;
  must_change_password: Generated<boolean>;
  created_at: CreatedAt;
  disabled_at: Date | null;
  /** Added in 0030_accounts.sql. */
  last_login_at: Date | null;
  updated_at: Generated<Date>;
  /** Added in 0050_user_titles.sql: official title (chức danh), printed with the name on reports. */
  title: Generated<string>;
}

export type Role = 'admin' | 'analyst' | 'unit_manager';

export interface UserRolesTable {
  id: Generated<number>;
  user_id: number;
  role: Role;
  unit_id: number | null;
}

export interface SessionsTable {
  id: string;
  user_id: number;
  created_at: CreatedAt;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  csrf_token: string;
}

export interface AppSecretsTable {
  name: string;
  value: string;
  created_at: CreatedAt;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: Generated<Date>;
  actor_id: number | null;
  actor_label: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  details: Json<Record<string, unknown>>;
}

export interface SchemaMigrationsTable {
  name: string;
  checksum: string;
  applied_at: Date;
}

// Analytics rollups (migrations/0020), maintained by triggers on responses; see docs/analytics.md.
export type RollupGrain = 'day' | 'month';

export interface VersionQuestionsTable {
  version_id: number;
  question_key: string;
  type: string;
  criterion: string;
}

interface RollupKey {
  grain: RollupGrain;
  /** A date column: select it as text (to_char) to avoid time-zone shifts in the driver. */
  bucket: string;
  survey_id: number;
  /**
   * A real unit (> 0), or, when negative, one of 8 "all units" shards (-1 to -8): every change is
   * counted under its unit and again under one shard, chosen by the writing connection (so
   * concurrent writers do not queue on one row; rollup_rebuild() splits by unit instead). An
   * unfiltered summary reads only the shards and adds them up; a filtered one or a breakdown by
   * unit reads only real units. No real unit has a negative id. See migrations/0020.
   */
  unit_id: number;
  version_id: number;
  channel: string;
}

export interface LikertRollupsTable extends RollupKey {
  question_key: string;
  n1: number;
  n2: number;
  n3: number;
  n4: number;
  n5: number;
  nna: number;
}

export interface ChoiceRollupsTable extends RollupKey {
  question_key: string;
  value: string;
  n: number;
}

export interface RespondentRollupsTable extends RollupKey {
  review_status: ReviewStatus;
  responses: number;
  respondents: number;
  satisfied_on_all: number;
  with_comment: number;
}

// Reports (migrations/0021).
export interface FrozenPeriodsTable {
  id: Generated<number>;
  period_code: string;
  selector: string;
  snapshot: Json<unknown>;
  frozen_at: Generated<Date>;
  frozen_by: number | null;
  frozen_by_label: string | null;
}

export interface AnalyticsSettingsTable {
  name: string;
  value: Json<unknown>;
  updated_at: Generated<Date>;
  updated_by: number | null;
}

export interface DB {
  units: UnitsTable;
  surveys: SurveysTable;
  survey_versions: SurveyVersionsTable;
  links: LinksTable;
  responses: ResponsesTable;
  users: UsersTable;
  user_roles: UserRolesTable;
  sessions: SessionsTable;
  app_secrets: AppSecretsTable;
  audit_log: AuditLogTable;
  schema_migrations: SchemaMigrationsTable;
  version_questions: VersionQuestionsTable;
  likert_rollups: LikertRollupsTable;
  choice_rollups: ChoiceRollupsTable;
  respondent_rollups: RespondentRollupsTable;
  frozen_periods: FrozenPeriodsTable;
  analytics_settings: AnalyticsSettingsTable;
  feedback_items: FeedbackItemsTable;
  feedback_events: FeedbackEventsTable;
  feedback_photos: FeedbackPhotosTable;
  feedback_settings: FeedbackSettingsTable;
  calendar_days: CalendarDaysTable;
  paper_batches: PaperBatchesTable;
  paper_sheets: PaperSheetsTable;
  paper_checks: PaperChecksTable;
  kiosks: KiosksTable;
  officers: OfficersTable;
  survey_drafts: SurveyDraftsTable;
  interview_lists: InterviewListsTable;
  interview_contacts: InterviewContactsTable;
  interview_attempts: InterviewAttemptsTable;
}

export type Database = Kysely<DB>;
export type Unit = Selectable<UnitsTable>;
export type NewUnit = Insertable<UnitsTable>;
export type Survey = Selectable<SurveysTable>;
export type SurveyVersion = Selectable<SurveyVersionsTable>;
export type User = Selectable<UsersTable>;

export type * from './schema-collection.js';
