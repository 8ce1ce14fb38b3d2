/** The URLs of the council's administration pages. */
export const adminPaths = {
  admin: '/admin',
  people: '/admin/people',
  person: (id: string) => `/admin/people/${id}`,
  personRole: (id: string) => `/admin/people/${id}/role`,
  assisted: '/admin/people/assisted',
  audit: '/admin/audit',
  /** The audit log filtered to what one account or token did. */
  auditBy: (actorId: string) => `/admin/audit?actor=${encodeURIComponent(actorId)}`,
  outbox: '/admin/outbox',
  outboxMessage: (id: string) => `/admin/outbox/${id}`,
  tokens: '/admin/tokens',
  revokeToken: (id: string) => `/admin/tokens/${id}/revoke`,
  settings: '/admin/settings',
} as const;
