import { z } from 'zod';

/**
 * The organisation's identity: who issues the reports, posters and the public page. It is a
 * setting, not code, so another Sở can run the same software. The fields follow the administrative
 * document layout of Nghị định 30/2020/NĐ-CP (Phụ lục I): the governing body (cơ quan chủ quản) and
 * the issuing body (cơ quan ban hành) top-left, the place name (địa danh) before the date, the
 * symbol of a report ("BC-SGDĐT"), the recipients (nơi nhận), and the signer's authority, title
 * and name.
 */

const line = (max: number, label: string) =>
  z
    .string()
    .trim()
    .min(1, `hãy nhập ${label}`)
    .max(max, `${label} tối đa ${max} ký tự`)
    // One line of a printed header: no line breaks or control characters.
    .regex(/^[^\p{Cc}]*$/u, `${label} chỉ gồm một dòng chữ`);

const optionalLine = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, `${label} tối đa ${max} ký tự`)
    .regex(/^[^\p{Cc}]*$/u, `${label} chỉ gồm một dòng chữ`);

export const LOGO_MAX_BYTES = 200 * 1024;
export const LOGO_TYPES = ['image/png', 'image/svg+xml'] as const;

/** A logo as sent by the settings page: the file's bytes in base64 (checked further by the server). */
export const ZLogoInput = z.object({
  mediaType: z.enum(LOGO_TYPES, { message: 'logo phải là tệp PNG hoặc SVG' }),
  // base64 of at most LOGO_MAX_BYTES bytes.
  data: z
    .string()
    .max(Math.ceil(LOGO_MAX_BYTES / 3) * 4, `logo tối đa ${LOGO_MAX_BYTES / 1024} KB`)
    .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'dữ liệu logo không hợp lệ'),
});
export type TLogoInput = z.infer<typeof ZLogoInput>;

export const ZOrganisationFields = z.object({
  // Written as in running text; document headers print them in capitals.
  governingBody: line(120, 'cơ quan chủ quản').describe('e.g. "UBND thành phố Hải Phòng" (printed in capitals)'),
  name: line(120, 'tên cơ quan').describe('e.g. "Sở Giáo dục và Đào tạo" (printed in capitals)'),
  nameEn: optionalLine(120, 'tên tiếng Anh').describe('e.g. "Department of Education and Training"'),
  place: line(60, 'địa danh').describe('Place name before the date, e.g. "Hải Phòng"'),
  documentSymbol: z
    .string()
    .trim()
    .min(1, 'hãy nhập ký hiệu văn bản')
    .max(30, 'ký hiệu tối đa 30 ký tự')
    .regex(/^[\p{Lu}\p{N}-]+$/u, 'ký hiệu chỉ gồm chữ in hoa, chữ số và dấu gạch ngang (vd. BC-SGDĐT)')
    .describe('Symbol after the number of a report, e.g. "BC-SGDĐT"'),
  signerAuthority: optionalLine(60, 'thẩm quyền ký').describe('e.g. "KT. GIÁM ĐỐC"; empty when signing in own name'),
  signerTitle: line(80, 'chức vụ người ký').describe('e.g. "PHÓ GIÁM ĐỐC"'),
  signerName: line(80, 'họ tên người ký'),
  recipients: z
    .array(line(160, 'nơi nhận'), { message: 'hãy nhập nơi nhận' })
    .min(1, 'hãy nhập ít nhất một nơi nhận')
    .max(12, 'tối đa 12 nơi nhận'),
});
export type TOrganisationFields = z.infer<typeof ZOrganisationFields>;

/** PUT /api/v1/settings/organisation: `logo` undefined keeps the stored one, null removes it. */
export const ZOrganisationInput = ZOrganisationFields.extend({ logo: ZLogoInput.nullable().optional() });
export type TOrganisationInput = z.infer<typeof ZOrganisationInput>;

/** GET/PUT /api/v1/settings/organisation (admin). */
export const ZOrganisation = ZOrganisationFields.extend({
  logo: z.object({ mediaType: z.enum(LOGO_TYPES), bytes: z.number() }).nullable(),
  updatedAt: z.string().nullable(),
});
export type TOrganisation = z.infer<typeof ZOrganisation>;

/** GET /api/v1/public/organisation: what the public page and posters show. */
export const ZPublicOrganisation = z.object({
  governingBody: z.string(),
  name: z.string(),
  nameEn: z.string(),
  place: z.string(),
  logoUrl: z.string().nullable(),
});
export type TPublicOrganisation = z.infer<typeof ZPublicOrganisation>;

/** GET/PUT /api/v1/settings/profile: the signed-in person's name and official title. */
export const ZProfile = z.object({
  displayName: line(120, 'họ tên'),
  title: optionalLine(120, 'chức danh').describe('e.g. "Chánh Văn phòng"'),
});
export type TProfile = z.infer<typeof ZProfile>;

/** "Nguyễn Văn B, Chánh Văn phòng": a person as printed on a report. */
export function personLabel(p: { displayName: string; title: string }, fallback: string): string {
  const name = p.displayName.trim() || fallback;
  return p.title.trim() ? `${name}, ${p.title.trim()}` : name;
}
