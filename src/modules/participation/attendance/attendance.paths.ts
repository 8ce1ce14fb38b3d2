/** The URLs of attendance recording. */
export const attendancePaths = {
  register: (sessionId: string) => `/sessions/${sessionId}/attendance`,
  importSheet: (sessionId: string) => `/sessions/${sessionId}/attendance/import`,
  confirmImport: (sessionId: string) => `/sessions/${sessionId}/attendance/import/confirm`,
};
