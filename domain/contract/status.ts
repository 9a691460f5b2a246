/**
 * What a figure says about its target, and how that reads. No zod here: the public pages import
 * this module, and plain constants keep their bundles small.
 */

export const FIGURE_STATUSES = ['met', 'below', 'uncertain', 'no_data', 'no_target'] as const;
export type TFigureStatus = (typeof FIGURE_STATUSES)[number];

export const STATUS_TEXT: Record<TFigureStatus, { vi: string; en: string }> = {
  met: { vi: 'Đạt chỉ tiêu', en: 'Target met' },
  below: { vi: 'Chưa đạt chỉ tiêu', en: 'Below target' },
  uncertain: { vi: 'Chưa đủ cơ sở kết luận', en: 'Uncertain' },
  no_data: { vi: 'Chưa có dữ liệu', en: 'No data' },
  no_target: { vi: 'Không so chỉ tiêu', en: 'No target' },
};

/** Status order for rankings: units needing attention first. */
export const STATUS_ORDER: Record<TFigureStatus, number> = { below: 0, uncertain: 1, met: 2, no_target: 3, no_data: 4 };
