/** The URLs of the projects pages: routes, templates and other modules use these, never literals. */
export const projectPaths = {
  projects: '/projects',
  newProject: '/projects/new',
  project: (id: string) => `/projects/${id}`,
  edit: (id: string) => `/projects/${id}/edit`,
  join: (id: string) => `/projects/${id}/join`,
  leave: (id: string) => `/projects/${id}/leave`,
  coOrganisers: (id: string) => `/projects/${id}/co-organisers`,
  removeCoOrganiser: (id: string) => `/projects/${id}/co-organisers/remove`,
  queue: '/admin/projects',
  publish: (id: string) => `/admin/projects/${id}/publish`,
  decline: (id: string) => `/admin/projects/${id}/decline`,
  api: '/api/v1/projects',
  apiProject: (id: string) => `/api/v1/projects/${id}`,
} as const;
