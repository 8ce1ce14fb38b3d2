/** The URLs of community groups: routes, templates and other modules use these, never literals. */
export const groupPaths = {
  groups: '/groups',
  start: '/groups/start',
  group: (id: string) => `/groups/${id}`,
  edit: (id: string) => `/groups/${id}/edit`,
  join: (id: string) => `/groups/${id}/join`,
  leave: (id: string) => `/groups/${id}/leave`,
  makeLead: (id: string) => `/groups/${id}/leads`,
  remove: (id: string) => `/groups/${id}/remove`,
  projects: (id: string) => `/groups/${id}/projects`,
  unlink: (id: string) => `/groups/${id}/projects/unlink`,
} as const;
