/** The URLs of the asset register: routes, templates and other modules use these, never literals. */
export const assetPaths = {
  assets: '/community-assets',
  suggest: '/community-assets/suggest',
  review: '/community-assets/review',
  asset: (id: string) => `/community-assets/${id}`,
  publish: (id: string) => `/community-assets/${id}/publish`,
  decline: (id: string) => `/community-assets/${id}/decline`,
  edit: (id: string) => `/community-assets/${id}/edit`,
  api: '/api/v1/community-assets',
} as const;
