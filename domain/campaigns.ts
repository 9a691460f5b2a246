import { formatLocalDate } from './periods.js';

/**
 * Campaigns (đợt khảo sát, #12.7): which campaign a day falls in, the notice a closed link shows,
 * and how far each unit is behind its quota. Days are Vietnam local dates (YYYY-MM-DD,
 * domain/periods.ts `localDay`), both ends of a campaign included.
 */

export interface CampaignDates {
  name: string;
  opensOn: string;
  closesOn: string;
}

export type CampaignState = 'before' | 'open' | 'after';

/** The state of a campaign on a local day. */
export function campaignStateOn(day: string, c: Pick<CampaignDates, 'opensOn' | 'closesOn'>): CampaignState {
  if (day < c.opensOn) return 'before';
  return day > c.closesOn ? 'after' : 'open';
}

/**
 * The campaign that decides a survey's links on a day: one that is open (the first to close), else
 * the next to open, else the last that closed. Undefined when the survey has no campaigns (it then
 * takes answers as it always did).
 */
export function governingCampaign<T extends CampaignDates>(
  day: string,
  campaigns: readonly T[] | null | undefined,
): { state: CampaignState; campaign: T } | undefined {
  if (!campaigns || campaigns.length === 0) return undefined;
  const byClose = [...campaigns].sort((a, b) => a.closesOn.localeCompare(b.closesOn));
  const open = byClose.find((c) => campaignStateOn(day, c) === 'open');
  if (open) return { state: 'open', campaign: open };
  const next = [...campaigns].filter((c) => c.opensOn > day).sort((a, b) => a.opensOn.localeCompare(b.opensOn))[0];
  if (next) return { state: 'before', campaign: next };
  return { state: 'after', campaign: byClose[byClose.length - 1]! };
}

/** What the form payload carries when its survey runs as a campaign (shown when not open). */
export interface CampaignNotice extends CampaignDates {
  state: CampaignState;
  open: boolean;
  title: string;
  message: string;
  titleEn: string;
  messageEn: string;
}

/** The notice for a survey's campaigns on a day, in Vietnamese (English second). */
export function campaignNotice(day: string, campaigns: readonly CampaignDates[] | null | undefined) {
  const found = governingCampaign(day, campaigns);
  if (!found) return undefined;
  const { state, campaign } = found;
  const from = formatLocalDate(campaign.opensOn);
  const to = formatLocalDate(campaign.closesOn);
  const text = {
    before: {
      title: 'Đợt khảo sát chưa mở',
      message: `Đợt khảo sát "${campaign.name}" nhận ý kiến từ ngày ${from} đến ngày ${to}. Kính mời Ông/Bà quay lại trong thời gian này.`,
      titleEn: 'This survey round is not open yet',
      messageEn: `The survey round "${campaign.name}" takes answers from ${campaign.opensOn} to ${campaign.closesOn}. Please come back then.`,
    },
    open: {
      title: 'Đợt khảo sát đang mở',
      message: `Đợt khảo sát "${campaign.name}" nhận ý kiến từ ngày ${from} đến ngày ${to}.`,
      titleEn: 'This survey round is open',
      messageEn: `The survey round "${campaign.name}" takes answers from ${campaign.opensOn} to ${campaign.closesOn}.`,
    },
    after: {
      title: 'Đợt khảo sát đã kết thúc',
      message: `Đợt khảo sát "${campaign.name}" đã nhận ý kiến từ ngày ${from} đến ngày ${to} và nay đã kết thúc. Cảm ơn Ông/Bà đã quan tâm.`,
      titleEn: 'This survey round has ended',
      messageEn: `The survey round "${campaign.name}" took answers from ${campaign.opensOn} to ${campaign.closesOn} and has ended. Thank you for your interest.`,
    },
  }[state];
  const notice: CampaignNotice = {
    name: campaign.name,
    opensOn: campaign.opensOn,
    closesOn: campaign.closesOn,
    state,
    open: state === 'open',
    ...text,
  };
  return notice;
}

const DAY_MS = 86_400_000;
const dayNumber = (day: string) => Date.parse(`${day}T00:00:00Z`) / DAY_MS;

/**
 * The share of a campaign's days already over on `day` (the day itself not yet counted): 0 before
 * and on the first day, 1 after the last. A unit is on pace when its respondents reach this share
 * of its quota.
 */
export function elapsedShare(day: string, c: Pick<CampaignDates, 'opensOn' | 'closesOn'>): number {
  const total = dayNumber(c.closesOn) - dayNumber(c.opensOn) + 1;
  const past = dayNumber(day) - dayNumber(c.opensOn);
  return Math.min(Math.max(past / total, 0), 1);
}

export interface UnitProgressInput {
  quota: number;
  respondents: number;
}

/** A unit's progress: its share of the quota, the respondents expected by now, and whether it is behind. */
export function unitProgress(p: UnitProgressInput, share: number) {
  const expected = Math.floor(p.quota * share);
  return {
    share: p.quota > 0 ? p.respondents / p.quota : 1,
    expected,
    behind: p.respondents < expected,
  };
}
