import { paths } from '../../platform/paths.js';

/** The URLs of the home page and the pages the law asks every public service for. */
export const pagesPaths = {
  home: paths.home,
  accessibility: '/accessibility',
  privacy: '/privacy',
  cookies: '/cookies',
} as const;
