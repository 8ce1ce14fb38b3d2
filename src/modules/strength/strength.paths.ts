/** The URLs of the strength map, ward profiles and the deprivation import. Ward codes go in as they are. */
export const strengthPaths = {
  map: '/strength',
  csv: '/strength/wards.csv',
  ward: (code: string) => `/strength/wards/${code}`,
  deprivation: '/strength/deprivation',
  api: '/api/v1/strength',
  apiProfile: (code: string) => `/api/v1/areas/${code}/profile`,
} as const;
