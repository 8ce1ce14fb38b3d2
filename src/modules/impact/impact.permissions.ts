import type { FastifyRequest } from 'fastify';
import { requireRole } from '../../platform/auth.js';
import type { CurrentUser } from '../../platform/context.js';
import { hasRole } from '../../platform/context.js';
import { NotFound } from '../../platform/errors.js';

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

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A route's id parameter, or a 404 when it cannot be an id. */
export function idParam(value: string, what: string): string {
  if (!UUID.test(value)) throw new NotFound(`There is no such ${what}.`);
  return value.toLowerCase();
}

/** A line id inside an appraisal document (the module makes them like "cost-1"; imports may differ). */
export function lineParam(value: string, what: string): string {
  if (!/^[A-Za-z0-9_.-]{1,100}$/.test(value)) throw new NotFound(`There is no such ${what}.`);
  return value;
}

/** Today in London, YYYY-MM-DD. */
export const londonToday = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());

/** The 12 whole months before this London month. */
export function lastTwelveMonths(today = londonToday()): { from: string; to: string } {
  const d = new Date(`${today.slice(0, 7)}-01T00:00:00Z`);
  const end = new Date(d.getTime() - 86_400_000);
  d.setUTCFullYear(d.getUTCFullYear() - 1);
  return { from: d.toISOString().slice(0, 10), to: end.toISOString().slice(0, 10) };
}
