import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../platform/db.js';

/**
 * What a signed-in person did in conversations, for their copy of their data: the conversations
 * they took part in, every vote they cast (re-votes included) and the statements they wrote.
 * Anonymous (cookie) participation is not linked to an account, so it cannot be found here.
 */
export async function conversationsPersonalData(db: Db, placeId: string, userId: string) {
  const rows = (q: ReturnType<typeof sql>) => queryRows(db, q);
  const iso = (v: unknown) => new Date(String(v)).toISOString();
  const joined = await rows(
    sql`select c.question, p.created_at as "joinedAt"
        from conversation_participants p join conversations c on c.id = p.conversation_id
        where p.place_id = ${placeId} and p.user_id = ${userId} order by p.created_at`,
  );
  const votes = await rows(
    sql`select c.question as conversation, s.text as statement,
               case v.value when 1 then 'agree' when -1 then 'disagree' else 'pass' end as vote,
               v.created_at as "at"
        from conversation_votes v
        join conversation_participants p on p.id = v.participant_id
        join conversation_statements s on s.id = v.statement_id
        join conversations c on c.id = p.conversation_id
        where p.place_id = ${placeId} and p.user_id = ${userId}
        order by v.created_at, v.id`,
  );
  const statements = await rows(
    sql`select c.question as conversation, s.text, s.status, s.created_at as "at"
        from conversation_statements s
        join conversation_participants p on p.id = s.author_participant_id
        join conversations c on c.id = p.conversation_id
        where p.place_id = ${placeId} and p.user_id = ${userId}
        order by s.created_at`,
  );
  return {
    tookPartIn: joined.map((j) => ({ conversation: j.question, joinedAt: iso(j.joinedAt) })),
    votes: votes.map((v) => ({ ...v, at: iso(v.at) })),
    statements: statements.map((s) => ({ ...s, at: iso(s.at) })),
  };
}
