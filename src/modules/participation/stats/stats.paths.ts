/** The URLs of the participation figures: the dashboard, its tables as CSV, and a person's own. */
export const participationPaths = {
  dashboard: '/dashboard',
  dashboardCsv: (table: string) => `/dashboard/${table}.csv`,
  myParticipation: '/account/participation',
};
