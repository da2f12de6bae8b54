import type { MessageKey } from '../i18n'

/** The product's navigation, in the order the office works. */
export const PAGES = ['overview', 'households', 'review', 'plans', 'reports', 'packages', 'settings'] as const
export type PageId = (typeof PAGES)[number]

export const PAGE_TITLE: Record<PageId, MessageKey> = {
  overview: 'nav.overview',
  households: 'nav.households',
  review: 'nav.review',
  plans: 'nav.plans',
  reports: 'nav.reports',
  packages: 'nav.packages',
  settings: 'nav.settings',
}
