/**
 * The URLs of the wards pages and the areas API. Area codes are letters, digits, hyphens and
 * underscores wherever they are stored, so they go into a path as they are.
 */
export const areasPaths = {
  areas: '/areas',
  area: (code: string) => `/areas/${code}`,
  api: '/api/v1/areas',
  apiArea: (code: string) => `/api/v1/areas/${code}`,
} as const;
