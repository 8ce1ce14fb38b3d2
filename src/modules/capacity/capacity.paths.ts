/** The URLs of the capacity inventory: routes, templates and other modules use these, never literals. */
export const capacityPaths = {
  offer: '/account/what-i-could-share',
  withdraw: '/account/what-i-could-share/withdraw',
  stopMessages: '/account/what-i-could-share/stop-messages',
  needs: (projectId: string) => `/projects/${projectId}/needs`,
  ask: (projectId: string) => `/projects/${projectId}/needs/ask`,
} as const;
