import {
  LOGO_MAX_BYTES,
  ZOrganisationFields,
  type TLogoInput,
  type TOrganisation,
  type TOrganisationFields,
  type TOrganisationInput,
  type TProfile,
  personLabel,
} from '../../domain/contract/settings.js';
import type { TFieldError } from '../../domain/contract/errors.js';
import { recordAudit } from '../audit/record.js';
import type { SessionUser } from '../auth/queries.js';
import type { Database } from '../db/schema.js';

/**
 * The organisation's identity (domain/contract/settings.ts) lives in analytics_settings under
 * 'organisation', its logo apart under 'organisation.logo' so reading the names for every report
 * does not carry the image. Until an administrator saves them, the defaults below (the demo Sở)
 * apply.
 */

const NAME = 'organisation';
const LOGO = 'organisation.logo';

export const DEFAULT_ORGANISATION: TOrganisationFields = {
  governingBody: 'UBND thành phố Hải Phòng',
  name: 'Sở Giáo dục và Đào tạo',
  nameEn: 'Department of Education and Training',
  place: 'Hải Phòng',
  documentSymbol: 'BC-SGDĐT',
  signerAuthority: 'KT. GIÁM ĐỐC',
  signerTitle: 'PHÓ GIÁM ĐỐC',
  signerName: 'Nguyễn Văn A',
  recipients: [
    'UBND thành phố (để báo cáo)',
    'Sở Nội vụ (để tổng hợp)',
    'Giám đốc, các Phó Giám đốc Sở',
    'Các phòng, đơn vị thuộc Sở',
    'Lưu: VT, VP.',
  ],
};

export interface StoredLogo {
  mediaType: TLogoInput['mediaType'];
  data: Buffer;
}

export type OrganisationRecord = TOrganisationFields & { updatedAt: Date | null };

export async function loadOrganisation(db: Database): Promise<OrganisationRecord> {
  const row = await db
    .selectFrom('analytics_settings')
    .select(['value', 'updated_at'])
    .where('name', '=', NAME)
    .executeTakeFirst();
  const parsed = ZOrganisationFields.safeParse(row?.value);
  return parsed.success ? { ...parsed.data, updatedAt: row!.updated_at } : { ...DEFAULT_ORGANISATION, updatedAt: null };
}

export async function loadLogo(db: Database): Promise<StoredLogo | null> {
  const row = await db.selectFrom('analytics_settings').select('value').where('name', '=', LOGO).executeTakeFirst();
  const v = row?.value as { mediaType?: unknown; data?: unknown } | undefined;
  if (!v || (v.mediaType !== 'image/png' && v.mediaType !== 'image/svg+xml') || typeof v.data !== 'string') return null;
  return { mediaType: v.mediaType, data: Buffer.from(v.data, 'base64') };
}

export async function organisationView(db: Database): Promise<TOrganisation> {
  const [org, logo] = await Promise.all([loadOrganisation(db), loadLogo(db)]);
  const { updatedAt, ...fields } = org;
  return {
    ...fields,
    logo: logo ? { mediaType: logo.mediaType, bytes: logo.data.length } : null,
    updatedAt: updatedAt?.toISOString() ?? null,
  };
}

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * Checks a logo's bytes against its declared type. The logo is served to the public, so an SVG
 * may carry no script, event handler, embedded HTML or outside reference (it would run, or
 * track readers, when opened directly).
 */
export function checkLogo(logo: TLogoInput): { data: Buffer } | { error: string } {
  const data = Buffer.from(logo.data, 'base64');
  if (data.length === 0) return { error: 'tệp logo trống' };
  if (data.length > LOGO_MAX_BYTES) return { error: `logo tối đa ${LOGO_MAX_BYTES / 1024} KB` };
  if (logo.mediaType === 'image/png') {
    return data.subarray(0, 8).equals(PNG_MAGIC) ? { data } : { error: 'tệp không phải ảnh PNG' };
  }
  const text = data.toString('utf8');
  if (!/<svg[\s>]/i.test(text)) return { error: 'tệp không phải ảnh SVG' };
  if (
    /<script|<foreignObject|<iframe|<!ENTITY|\son\w+\s*=|javascript:|(?:href|src)\s*=\s*["']?\s*(?:https?:|\/\/)/i.test(
      text,
    )
  ) {
    return { error: 'ảnh SVG không được chứa mã lệnh hay liên kết ra ngoài' };
  }
  return { data };
}

export type SaveOutcome = { kind: 'saved'; organisation: TOrganisation } | { kind: 'invalid'; fields: TFieldError[] };

/** Stores the identity (and the logo, when given) and records who changed what, in one transaction. */
export async function saveOrganisation(
  db: Database,
  user: SessionUser,
  input: TOrganisationInput,
): Promise<SaveOutcome> {
  const { logo, ...fields } = input;
  let logoData: Buffer | null = null;
  if (logo) {
    const checked = checkLogo(logo);
    if ('error' in checked) return { kind: 'invalid', fields: [{ path: 'body.logo.data', message: checked.error }] };
    logoData = checked.data;
  }
  const value = JSON.stringify(fields);
  await db.transaction().execute(async (trx) => {
    const now = new Date();
    await trx
      .insertInto('analytics_settings')
      .values({ name: NAME, value, updated_by: user.id })
      .onConflict((oc) => oc.column('name').doUpdateSet({ value, updated_by: user.id, updated_at: now }))
      .execute();
    if (logo === null) await trx.deleteFrom('analytics_settings').where('name', '=', LOGO).execute();
    if (logo && logoData) {
      const stored = JSON.stringify({ mediaType: logo.mediaType, data: logoData.toString('base64') });
      await trx
        .insertInto('analytics_settings')
        .values({ name: LOGO, value: stored, updated_by: user.id })
        .onConflict((oc) => oc.column('name').doUpdateSet({ value: stored, updated_by: user.id, updated_at: now }))
        .execute();
    }
    await recordAudit(trx, {
      actorId: user.id,
      actorLabel: user.email,
      action: 'settings.update',
      targetType: 'setting',
      targetId: NAME,
      details: {
        ...fields,
        logo:
          logo === undefined
            ? 'unchanged'
            : logo === null
              ? 'removed'
              : { mediaType: logo.mediaType, bytes: logoData!.length },
      },
    });
  });
  return { kind: 'saved', organisation: await organisationView(db) };
}

export async function loadProfile(db: Database, userId: number): Promise<TProfile> {
  const row = await db
    .selectFrom('users')
    .select(['display_name', 'title'])
    .where('id', '=', userId)
    .executeTakeFirstOrThrow();
  return { displayName: row.display_name, title: row.title };
}

/** The signed-in person's own name and title (printed when they certify a report); audited. */
export async function saveProfile(db: Database, user: SessionUser, profile: TProfile): Promise<TProfile> {
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({ display_name: profile.displayName, title: profile.title, updated_at: new Date() })
      .where('id', '=', user.id)
      .execute();
    await recordAudit(trx, {
      actorId: user.id,
      actorLabel: user.email,
      action: 'users.update',
      targetType: 'user',
      targetId: user.id,
      details: { displayName: profile.displayName, title: profile.title },
    });
  });
  return profile;
}

/** "Nguyễn Văn B, Chánh Văn phòng" of a user, for the certification stamp of a report. */
export async function userLabel(db: Database, userId: number, fallback: string): Promise<string> {
  const row = await db
    .selectFrom('users')
    .select(['display_name', 'title'])
    .where('id', '=', userId)
    .executeTakeFirst();
  return personLabel({ displayName: row?.display_name ?? '', title: row?.title ?? '' }, fallback);
}
