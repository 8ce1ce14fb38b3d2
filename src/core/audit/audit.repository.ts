import { and, desc, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../../platform/db.js';
import { auditEvents } from './audit.schema.js';

export type AuditEvent = typeof auditEvents.$inferSelect;
export type NewAuditEvent = typeof auditEvents.$inferInsert;

export type AuditFilter = {
  action?: string | undefined;
  actorId?: string | undefined;
  subjectType?: string | undefined;
  subjectId?: string | undefined;
  from?: Date | undefined;
  /** Exclusive. */
  to?: Date | undefined;
  /** Keyset cursor: only events with a smaller id. */
  beforeId?: number | undefined;
};

export function createAuditRepository(db: Db) {
  return {
    async insert(event: NewAuditEvent): Promise<void> {
      await db.insert(auditEvents).values(event);
    },
    async list(placeId: string, filter: AuditFilter, limit: number): Promise<AuditEvent[]> {
      const where: SQL[] = [eq(auditEvents.placeId, placeId)];
      if (filter.action) where.push(eq(auditEvents.action, filter.action));
      if (filter.actorId) where.push(eq(auditEvents.actorId, filter.actorId));
      if (filter.subjectType) where.push(eq(auditEvents.subjectType, filter.subjectType));
      if (filter.subjectId) where.push(eq(auditEvents.subjectId, filter.subjectId));
      if (filter.from) where.push(gte(auditEvents.at, filter.from));
      if (filter.to) where.push(lt(auditEvents.at, filter.to));
      if (filter.beforeId) where.push(lt(auditEvents.id, filter.beforeId));
      return db
        .select()
        .from(auditEvents)
        .where(and(...where))
        .orderBy(desc(auditEvents.id))
        .limit(limit);
    },
    /**
     * The distinct actions recorded, by a loose index scan (one index probe per distinct
     * action) so the filter list stays instant however long the log grows.
     */
    async actions(placeId: string): Promise<string[]> {
      const rows = await queryRows<{ action: string }>(
        db,
        sql`
        with recursive t(action) as (
          (select action from audit_events where place_id = ${placeId} order by action limit 1)
          union all
          select (select a.action from audit_events a where a.place_id = ${placeId} and a.action > t.action order by a.action limit 1)
          from t where t.action is not null
        )
        select action from t where action is not null`,
      );
      return rows.map((r) => r.action);
    },
  };
}
