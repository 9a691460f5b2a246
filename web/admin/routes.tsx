import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { Role } from './session.js';

export interface AdminRoute {
  /** Path under /admin, e.g. '/analytics'. The first segment decides the match. */
  path: string;
  /** Menu label in Vietnamese and English. */
  label: { vi: string; en: string };
  /** Who sees it in the menu and may open it (the API enforces the same). */
  roles: readonly Role[];
  component: LazyExoticComponent<ComponentType>;
  /** Hidden routes are reachable by URL but not listed in the menu. */
  hidden?: boolean;
}

const everyone: Role[] = ['admin', 'analyst', 'unit_manager'];

/**
 * The admin app's screens, each loaded on demand so the first paint stays small.
 * Features add their entry here.
 */
export const routes: AdminRoute[] = [
  {
    path: '/',
    label: { vi: 'Tổng quan', en: 'Overview' },
    roles: everyone,
    component: lazy(() => import('./features/home/HomePage.js')),
  },
];
