/** The URLs of the spaces pages: routes, templates and other modules use these, never literals. */
export const spacePaths = {
  spaces: '/spaces',
  newSpace: '/spaces/new',
  space: (id: string) => `/spaces/${id}`,
  edit: (id: string) => `/spaces/${id}/edit`,
  api: '/api/v1/spaces',
  apiSpace: (id: string) => `/api/v1/spaces/${id}`,
} as const;
