/**
 * Every URL of the conversations module, once: routes register with them (`paths.report(':id')`)
 * and pages and other modules link with them.
 */
export const paths = {
  conversations: '/conversations',
  newConversation: '/conversations/new',
  importConversation: '/conversations/import',
  /** Every commitment in the place. */
  commitments: '/conversations/commitments',
  conversation: (id: string) => `/conversations/${id}`,
  vote: (id: string) => `/conversations/${id}/vote`,
  statements: (id: string) => `/conversations/${id}/statements`,
  manage: (id: string) => `/conversations/${id}/manage`,
  edit: (id: string) => `/conversations/${id}/edit`,
  open: (id: string) => `/conversations/${id}/open`,
  close: (id: string) => `/conversations/${id}/close`,
  moderation: (id: string) => `/conversations/${id}/moderation`,
  moderate: (id: string, statementId: string) => `/conversations/${id}/moderation/${statementId}`,
  report: (id: string) => `/conversations/${id}/report`,
  export: (id: string) => `/conversations/${id}/export`,
  exportFile: (id: string, file: string) => `/conversations/${id}/export/${file}`,
  outcome: (id: string) => `/conversations/${id}/outcome`,
  editOutcome: (id: string) => `/conversations/${id}/outcome/edit`,
  publishOutcome: (id: string) => `/conversations/${id}/outcome/publish`,
  newCommitment: (id: string) => `/conversations/${id}/commitments/new`,
  /** A commitment's status update form. */
  commitment: (id: string, commitmentId: string) => `/conversations/${id}/commitments/${commitmentId}`,
  editCommitment: (id: string, commitmentId: string) => `/conversations/${id}/commitments/${commitmentId}/edit`,
};
