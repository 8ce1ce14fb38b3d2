import type { FastifyRequest } from 'fastify';
import { requireRole } from '../../platform/auth.js';
import type { CurrentUser } from '../../platform/context.js';
import { hasRole } from '../../platform/context.js';

/**
 * Who may do what with impact evidence. Appraisals, the value library and draft frameworks are
 * council working papers: officers and admins read and change them. A published outcome framework
 * is public, read-only, for anyone.
 */
export const impactPermissions = {
  /** Officers and admins: everything in /impact. */
  requireOfficer: (request: FastifyRequest): CurrentUser => requireRole(request, 'officer'),
  /** Whether the viewer may see drafts (and so edit). */
  isOfficer: (request: FastifyRequest): boolean => Boolean(request.user && hasRole(request.user.role, 'officer')),
};
