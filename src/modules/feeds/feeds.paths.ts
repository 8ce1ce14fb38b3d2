/**
 * The URLs of the open data feeds. Under /api/ (so bad input is answered with a problem document,
 * as the rest of the API) but outside /api/v1/ (so no token is asked for or checked): the feeds
 * are public. Each standard gets its own base URL, the one a consumer is pointed at.
 */
const base = '/api/open-data';

export const feedPaths = {
  openReferral: `${base}/openreferral`,
  orukServices: `${base}/openreferral/services`,
  orukService: (id: string) => `${base}/openreferral/services/${id}`,
  orukLocations: `${base}/openreferral/locations`,
  sessionSeriesFeed: `${base}/openactive/session-series`,
  scheduledSessionsFeed: `${base}/openactive/scheduled-sessions`,
} as const;
