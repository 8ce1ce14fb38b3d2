import { and, asc, eq, sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../../platform/db.js';
import { conversationStatements } from '../conversations.schema.js';

export type ReportStatement = { number: number; text: string; status: string; isMeta: boolean };

/** Latest-vote counts for one statement among one group's members (group −1: not in any group). */
export type GroupVoteCounts = { statement: number; group: number; agree: number; disagree: number; votes: number };

/** Votes cast and distinct people voting, per day (Europe/London). */
export type DayActivity = { day: string; votes: number; participants: number };

const rows = queryRows;

/** The report's own reads of the conversation's statements and votes, each scoped by place. */
export function createReportRepository(db: Db) {
  return {
    async statements(placeId: string, conversationId: string): Promise<ReportStatement[]> {
      return db
        .select({
          number: conversationStatements.number,
          text: conversationStatements.text,
          status: conversationStatements.status,
          isMeta: conversationStatements.isMeta,
        })
        .from(conversationStatements)
        .where(
          and(eq(conversationStatements.placeId, placeId), eq(conversationStatements.conversationId, conversationId)),
        )
        .orderBy(asc(conversationStatements.number));
    },
    /**
     * Agree, disagree and all votes per statement and group, counting each person's latest vote,
     * for the groups of the stored analysis (participant numbers → group ids, passed as two
     * arrays so the query has a fixed number of parameters whatever the size).
     */
    async groupVoteCounts(
      placeId: string,
      conversationId: string,
      membership: { participant: number; group: number }[],
    ): Promise<GroupVoteCounts[]> {
      const participantArray = `{${membership.map((m) => Math.trunc(m.participant)).join(',')}}`;
      const groupArray = `{${membership.map((m) => Math.trunc(m.group)).join(',')}}`;
      const result = await rows(
        db,
        sql`with latest as (
              select distinct on (v.participant_id, v.statement_id) v.participant_id, v.statement_id, v.value
              from conversation_votes v
              where v.place_id = ${placeId} and v.conversation_id = ${conversationId}
              order by v.participant_id, v.statement_id, v.id desc
            ), membership as (
              select * from unnest(${participantArray}::int[], ${groupArray}::int[]) as m(participant, grp)
            )
            select s.number as statement, coalesce(m.grp, -1) as grp,
                   count(*) filter (where l.value = 1) as agree,
                   count(*) filter (where l.value = -1) as disagree,
                   count(*) as votes
            from latest l
            join conversation_participants p on p.place_id = ${placeId} and p.id = l.participant_id
            join conversation_statements s on s.place_id = ${placeId} and s.id = l.statement_id
            left join membership m on m.participant = p.number
            group by s.number, coalesce(m.grp, -1)`,
      );
      return result.map((r) => ({
        statement: Number(r.statement),
        group: Number(r.grp),
        agree: Number(r.agree),
        disagree: Number(r.disagree),
        votes: Number(r.votes),
      }));
    },
    async activityByDay(placeId: string, conversationId: string): Promise<DayActivity[]> {
      const result = await rows(
        db,
        sql`select to_char(created_at at time zone 'Europe/London', 'YYYY-MM-DD') as day,
                   count(*) as votes, count(distinct participant_id) as participants
            from conversation_votes
            where place_id = ${placeId} and conversation_id = ${conversationId}
            group by 1 order by 1`,
      );
      return result.map((r) => ({ day: String(r.day), votes: Number(r.votes), participants: Number(r.participants) }));
    },
  };
}
