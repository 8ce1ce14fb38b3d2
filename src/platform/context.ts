/** Who is acting, as recorded in the audit log. Ids only: the log keeps personal data minimal. */
export type Actor =
  | { type: 'user'; id: string }
  | { type: 'token'; id: string }
  | { type: 'system'; id?: undefined }
  | { type: 'anonymous'; id?: undefined };

/** Everything a use case needs to know about the request that called it. */
export type ActionContext = {
  placeId: string;
  actor: Actor;
  ip: string | null;
  requestId: string | null;
};

/** The context of work the service does by itself (seeds, imports from the command line, jobs). */
export function systemContext(placeId: string): ActionContext {
  return { placeId, actor: { type: 'system' }, ip: null, requestId: null };
}

export const roles = ['resident', 'organiser', 'officer', 'admin'] as const;
export type Role = (typeof roles)[number];

/** Roles are ordered: each can do everything the ones before it can. */
export function hasRole(actual: Role, needed: Role): boolean {
  return roles.indexOf(actual) >= roles.indexOf(needed);
}

export const roleLabels: Record<Role, string> = {
  resident: 'Resident',
  organiser: 'Organiser',
  officer: 'Council officer',
  admin: 'Administrator',
};

/** The signed-in person, as every request sees them. */
export type CurrentUser = {
  id: string;
  placeId: string;
  role: Role;
  displayName: string;
  email: string | null;
  emailVerifiedAt: Date | null;
};

/** The API token a request was made with. */
export type CurrentToken = {
  id: string;
  placeId: string;
  role: Role;
  name: string;
  /** The person who created it (null when made on the command line or when they have gone). */
  createdBy: string | null;
};
