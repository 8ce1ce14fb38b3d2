/** Every URL of the sessions module. */
export const sessionPaths = {
  project: (projectId: string) => `/projects/${projectId}`,
  newSession: (projectId: string) => `/projects/${projectId}/sessions/new`,
  session: (id: string) => `/sessions/${id}`,
  book: (id: string) => `/sessions/${id}/book`,
  cancelBooking: (id: string) => `/sessions/${id}/cancel-booking`,
  cancelSession: (id: string) => `/sessions/${id}/cancel`,
  changeSession: (id: string) => `/sessions/${id}/change`,
  projectCalendar: (projectId: string) => `/projects/${projectId}/calendar.ics`,
  wardCalendar: (code: string) => `/areas/${encodeURIComponent(code)}/calendar.ics`,
  personalCalendar: (token: string) => `/calendar/${token}.ics`,
  accountCalendar: '/account/calendar',
  whatsOn: '/whats-on',
} as const;
