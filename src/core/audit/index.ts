import type { ActionContext } from '../../platform/context.js';
import type { Db } from '../../platform/db.js';
import { createAuditRepository, type AuditFilter } from './audit.repository.js';

export type { AuditEvent, AuditFilter } from './audit.repository.js';

/** Field names whose values must never reach the log. */
const SECRET_FIELDS = /password|token|secret|hash/i;

function redact(changes: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(changes).map(([k, v]) => [k, SECRET_FIELDS.test(k) ? '[redacted]' : v]));
}

export type AuditEntry = {
  action: string;
  subjectType: string;
  subjectId?: string | null;
  changes?: Record<string, unknown>;
};

/**
 * Records one change to place data. Call it with the transaction that makes the change,
 * so the record and the change commit or fail together.
 */
export async function recordAudit(db: Db, ctx: ActionContext, entry: AuditEntry): Promise<void> {
  await createAuditRepository(db).insert({
    placeId: ctx.placeId,
    actorType: ctx.actor.type,
    actorId: ctx.actor.id ?? null,
    action: entry.action,
    subjectType: entry.subjectType,
    subjectId: entry.subjectId ?? null,
    changes: redact(entry.changes ?? {}),
    ip: ctx.ip,
    requestId: ctx.requestId,
  });
}

export function createAuditService(db: Db) {
  const repo = createAuditRepository(db);
  return {
    /** Newest first, `limit` at a time; pass the last id seen as `beforeId` for the next page. */
    list: (placeId: string, filter: AuditFilter, limit = 50) => repo.list(placeId, filter, limit),
    actions: (placeId: string) => repo.actions(placeId),
  };
}
export type AuditService = ReturnType<typeof createAuditService>;
