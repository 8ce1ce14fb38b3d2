import type { FastifyRequest } from 'fastify';
import { hasRole, type ActionContext, type CurrentToken, type CurrentUser, type Role } from './context.js';
import { Forbidden, Unauthorized } from './errors.js';

export function requireUser(request: FastifyRequest): CurrentUser {
  if (!request.user) throw new Unauthorized();
  return request.user;
}

/** The signed-in person if their role is at least `role`; otherwise 401 or 403. */
export function requireRole(request: FastifyRequest, role: Role): CurrentUser {
  const user = requireUser(request);
  if (!hasRole(user.role, role)) throw new Forbidden();
  return user;
}

/** The API caller if their token's role is at least `role`. */
export function requireTokenRole(request: FastifyRequest, role: Role): CurrentToken {
  if (!request.apiToken) throw new Unauthorized('Send a valid API token in the Authorization header: Bearer <token>.');
  if (!hasRole(request.apiToken.role, role))
    throw new Forbidden(`This token's role cannot do that; it needs ${role} or above.`);
  return request.apiToken;
}

/**
 * Whom a token acts as when a use case checks someone's rights over one project. Officer and
 * admin tokens act with their role. A token is not a person, so an organiser-role token acts for
 * the person who created it: it can do in a project only what they could (least privilege).
 */
export function tokenViewer(token: CurrentToken): Pick<CurrentUser, 'id' | 'placeId' | 'role'> {
  if (hasRole(token.role, 'officer'))
    return { id: token.createdBy ?? token.id, placeId: token.placeId, role: token.role };
  if (!token.createdBy)
    throw new Forbidden(
      'An organiser token acts for the person who created it, and this one has nobody behind it. Use a token an organiser of the project created, or an officer token.',
    );
  return { id: token.createdBy, placeId: token.placeId, role: token.role };
}

/** Who is acting and from where, for use cases and the audit log. */
export function actionContext(request: FastifyRequest): ActionContext {
  const actor = request.user
    ? ({ type: 'user', id: request.user.id } as const)
    : request.apiToken
      ? ({ type: 'token', id: request.apiToken.id } as const)
      : ({ type: 'anonymous' } as const);
  // Fastify types `ip` as a string, but it reads the socket's address, which is undefined once
  // the client has disconnected.
  const ip = request.ip as string | undefined;
  return { placeId: request.place.id, actor, ip: ip ?? null, requestId: request.id };
}

/** Base URL and name for links in emails: the place's own address, as the person reached it. */
export function linkContext(request: FastifyRequest) {
  return { baseUrl: `${request.protocol}://${request.host}`, placeName: request.place.name };
}

/** A local path to go back to after signing in; anything else (other sites, `//evil`) becomes the home page. */
export function safeReturnPath(value: unknown): string {
  if (typeof value !== 'string') return '/';
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/';
  if (value.length > 500) return '/';
  return value;
}
