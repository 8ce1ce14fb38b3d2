/** Every URL of the participation module: recording attendance, the dashboard, and a person's own figures. */
export const participationPaths = {
  register: (sessionId: string) => `/sessions/${sessionId}/attendance`,
  importSheet: (sessionId: string) => `/sessions/${sessionId}/attendance/import`,
  confirmImport: (sessionId: string) => `/sessions/${sessionId}/attendance/import/confirm`,
  dashboard: '/dashboard',
  dashboardCsv: (table: string) => `/dashboard/${table}.csv`,
  myParticipation: '/account/participation',
} as const;
