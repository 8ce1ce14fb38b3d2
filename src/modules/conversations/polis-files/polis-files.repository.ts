import { and, asc, eq } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { ExportStatement, ExportVote } from '../../../lib/polis/index.js';
import type { Db } from '../../../platform/db.js';
import {
  conversationImports,
  conversationParticipants,
  conversations,
  conversationStatements,
  conversationVotes,
} from '../conversations.schema.js';

const CHUNK = 5000;

/** Queries for the Polis export and import, each scoped by place. */
export function createPolisFilesRepository(db: Db) {
  return {
    async statements(placeId: string, conversationId: string): Promise<ExportStatement[]> {
      const author = alias(conversationParticipants, 'author');
      const rows = await db
        .select({
          number: conversationStatements.number,
          text: conversationStatements.text,
          status: conversationStatements.status,
          authorNumber: author.number,
          createdAt: conversationStatements.createdAt,
        })
        .from(conversationStatements)
        .leftJoin(author, eq(author.id, conversationStatements.authorParticipantId))
        .where(
          and(eq(conversationStatements.placeId, placeId), eq(conversationStatements.conversationId, conversationId)),
        )
        .orderBy(asc(conversationStatements.number));
      return rows.map((r) => ({ ...r, authorNumber: r.authorNumber ?? null }));
    },
    /** Every vote, re-votes included, in the order cast. */
    async votes(placeId: string, conversationId: string): Promise<ExportVote[]> {
      const rows = await db
        .select({
          participant: conversationParticipants.number,
          statement: conversationStatements.number,
          value: conversationVotes.value,
          createdAt: conversationVotes.createdAt,
        })
        .from(conversationVotes)
        .innerJoin(conversationParticipants, eq(conversationParticipants.id, conversationVotes.participantId))
        .innerJoin(conversationStatements, eq(conversationStatements.id, conversationVotes.statementId))
        .where(and(eq(conversationVotes.placeId, placeId), eq(conversationVotes.conversationId, conversationId)))
        .orderBy(asc(conversationVotes.id));
      return rows.map((r) => ({ ...r, value: r.value as -1 | 0 | 1 }));
    },
    async participantNumbers(placeId: string, conversationId: string): Promise<number[]> {
      const rows = await db
        .select({ number: conversationParticipants.number })
        .from(conversationParticipants)
        .where(
          and(
            eq(conversationParticipants.placeId, placeId),
            eq(conversationParticipants.conversationId, conversationId),
          ),
        );
      return rows.map((r) => r.number);
    },
    async insertConversation(values: typeof conversations.$inferInsert) {
      const [row] = await db.insert(conversations).values(values).returning();
      return row!;
    },
    async insertParticipants(values: (typeof conversationParticipants.$inferInsert)[]): Promise<Map<number, string>> {
      const ids = new Map<number, string>();
      for (let i = 0; i < values.length; i += CHUNK) {
        const rows = await db
          .insert(conversationParticipants)
          .values(values.slice(i, i + CHUNK))
          .returning({ id: conversationParticipants.id, number: conversationParticipants.number });
        for (const r of rows) ids.set(r.number, r.id);
      }
      return ids;
    },
    async insertStatements(values: (typeof conversationStatements.$inferInsert)[]): Promise<Map<number, string>> {
      const ids = new Map<number, string>();
      for (let i = 0; i < values.length; i += CHUNK) {
        const rows = await db
          .insert(conversationStatements)
          .values(values.slice(i, i + CHUNK))
          .returning({ id: conversationStatements.id, number: conversationStatements.number });
        for (const r of rows) ids.set(r.number, r.id);
      }
      return ids;
    },
    async insertImport(values: typeof conversationImports.$inferInsert) {
      const [row] = await db.insert(conversationImports).values(values).returning();
      return row!;
    },
  };
}
