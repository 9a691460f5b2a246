import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import { ROLES, type TRole } from '../../domain/contract/roles.js';

export interface AdminRoute {
  /** Path under /admin, e.g. '/analytics'. The first segment decides the match. */
  path: string;
  /** Menu label in Vietnamese and English. */
  label: { vi: string; en: string };
  /** Who sees it in the menu and may open it (the API enforces the same). */
  roles: readonly TRole[];
  component: LazyExoticComponent<ComponentType>;
  /** Hidden routes are reachable by URL but not listed in the menu. */
  hidden?: boolean;
}

const everyone = ROLES;

/**
 * The admin app's screens, each loaded on demand so the first paint stays small.
 * Features add their entry here. The first is the start page (the officer's morning figures).
 */
export const routes: AdminRoute[] = [
  {
    path: '/',
    label: { vi: 'Tổng quan', en: 'Overview' },
    roles: everyone,
    component: lazy(() => import('./features/home/HomePage.js')),
  },
  {
    path: '/analytics',
    label: { vi: 'Kết quả hài lòng', en: 'Satisfaction' },
    roles: everyone,
    component: lazy(() => import('./features/analytics/AnalyticsPage.js')),
  },
  {
    path: '/cchc',
    label: { vi: 'Điểm CCHC', en: 'CCHC scores' },
    roles: everyone,
    component: lazy(() => import('./features/analytics/CchcPage.js')),
  },
  {
    path: '/coverage',
    label: { vi: 'Độ phủ khảo sát', en: 'Survey coverage' },
    roles: everyone,
    component: lazy(() => import('./features/school-coverage/CoveragePage.js')),
  },
  {
    path: '/feedback',
    label: { vi: 'Phản ánh, kiến nghị', en: 'Feedback' },
    roles: everyone,
    component: lazy(() => import('./features/feedback/FeedbackPage.js')),
  },
  {
    path: '/review',
    label: { vi: 'Duyệt phiếu gắn cờ', en: 'Flagged responses' },
    roles: ['admin', 'analyst'],
    component: lazy(() => import('./features/review/ReviewPage.js')),
  },
  {
    path: '/units',
    label: { vi: 'Đơn vị', en: 'Units' },
    roles: everyone,
    component: lazy(() => import('./features/units/UnitsPage.js')),
  },
  {
    path: '/links',
    label: { vi: 'Mã QR & áp phích', en: 'QR codes & posters' },
    roles: everyone,
    component: lazy(() => import('./features/links/LinksPage.js')),
  },
  {
    path: '/paper',
    label: { vi: 'Phiếu giấy', en: 'Paper forms' },
    roles: everyone,
    component: lazy(() => import('./features/paper/PaperPage.js')),
  },
  {
    path: '/interviews',
    label: { vi: 'Phỏng vấn', en: 'Interviews' },
    roles: everyone,
    component: lazy(() => import('./features/interviews/InterviewsPage.js')),
  },
  {
    path: '/kiosks',
    label: { vi: 'Máy khảo sát', en: 'Kiosks' },
    roles: ['admin', 'unit_manager'],
    component: lazy(() => import('./features/kiosks/KiosksPage.js')),
  },
  {
    path: '/officers',
    label: { vi: 'Cán bộ một cửa', en: 'Desk officers' },
    // Everyone: an officer with an account sees their own results; managing is for managers (the API decides).
    roles: everyone,
    component: lazy(() => import('./features/officers/OfficersPage.js')),
  },
  {
    path: '/campaigns',
    label: { vi: 'Đợt khảo sát', en: 'Campaigns' },
    roles: everyone,
    component: lazy(() => import('./features/campaigns/CampaignsPage.js')),
  },
  {
    path: '/definitions',
    label: { vi: 'Phiếu khảo sát', en: 'Survey definitions' },
    roles: everyone,
    component: lazy(() => import('./features/definitions/DefinitionsPage.js')),
  },
  {
    path: '/builder',
    label: { vi: 'Soạn phiếu khảo sát', en: 'Survey builder' },
    roles: ['admin'],
    component: lazy(() => import('./features/builder/BuilderPage.js')),
  },
  {
    path: '/users',
    label: { vi: 'Người dùng', en: 'Users' },
    roles: ['admin'],
    component: lazy(() => import('./features/users/UsersPage.js')),
  },
  {
    path: '/audit',
    label: { vi: 'Nhật ký', en: 'Audit log' },
    roles: ['admin'],
    component: lazy(() => import('./features/audit/AuditPage.js')),
  },
  {
    path: '/settings',
    label: { vi: 'Cài đặt', en: 'Settings' },
    roles: everyone,
    component: lazy(() => import('./features/settings/SettingsPage.js')),
  },
  {
    path: '/account',
    label: { vi: 'Tài khoản', en: 'Account' },
    roles: everyone,
    component: lazy(() => import('./features/account/AccountPage.js')),
    hidden: true,
  },
];
