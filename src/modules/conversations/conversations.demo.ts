import { seededRandom } from '../../lib/random.js';
import type { Db } from '../../platform/db.js';
import type { DemoContext } from '../../platform/modules.js';
import { createConversationsRepository } from './conversations.repository.js';
import type { conversationVotes } from './conversations.schema.js';
import type { ConversationsService } from './conversations.service.js';
import { statementKey } from './conversations.validation.js';

/** The demo's statements, each with how the three kinds of synthetic resident lean (+1 agree … −1 disagree). */
const STATEMENTS: [string, [number, number, number]][] = [
  ['The high street needs more places to sit and meet', [0.9, 0.7, 0.6]],
  ['Empty shops should be lent to community groups for free', [0.9, -0.2, 0.5]],
  ['Parking charges on the high street should be cut', [-0.6, 0.9, 0.1]],
  ['The market should run on Sundays as well as Saturdays', [0.4, 0.3, 0.8]],
  ['Cycle lanes on Station Road would bring more shoppers', [0.8, -0.8, 0.1]],
  ['Business rates are the real reason shops are closing', [-0.2, 0.9, 0.3]],
  ['More homes above the shops would keep the street busy in the evening', [0.6, 0.1, 0.7]],
  ['Street lighting after 8pm is poor and puts people off', [0.7, 0.6, 0.8]],
  ['The council should buy the old bank and run it as a community hub', [0.9, -0.5, 0.4]],
  ['Chain stores matter more than independents for footfall', [-0.7, 0.6, -0.2]],
  ['Pop-up events once a month would bring families back', [0.6, 0.2, 0.9]],
  ['Traffic through the high street should be slowed to 20 mph', [0.8, -0.7, 0.3]],
  ['Free public toilets would help older people shop locally', [0.7, 0.6, 0.9]],
  ['Late-night bars cause more trouble than they bring in trade', [-0.1, 0.2, -0.8]],
  ['Young people need somewhere on the high street that is theirs', [0.7, -0.1, 0.8]],
  ['Delivery lorries should only unload before 10am', [0.6, -0.6, 0.2]],
  ['The council listens to businesses more than residents', [0.7, -0.7, 0.2]],
  ['I would volunteer a few hours a month to help the high street', [0.7, 0.1, 0.6]],
];

const PARTICIPANTS = 72;

/**
 * Riverside's demo conversation: open, with seeded statements and synthetic votes from 72
 * pseudonymous participants of three leanings (walking and community, traders and drivers,
 * families and events), so the analysis finds groups and consensus at once. Votes are inserted in
 * bulk and the analysis computed here, so the pages are alive on first start.
 */
export async function conversationsDemo(
  services: { conversations: ConversationsService; db: Db },
  { placeId, ctx, now, facts }: DemoContext,
): Promise<{ conversationId: string }> {
  const { conversations, db } = services;
  const officerId = facts.staff?.officer;
  if (!officerId) throw new Error('The conversations demo needs the demo officer (facts.staff.officer).');
  const officer = { id: officerId, placeId, role: 'officer' as const };
  const c = await conversations.create(ctx, officer, {
    question: 'What would bring you back to Riverside high street?',
    context:
      'The council is writing a plan for the high street with traders and residents.\n\nVote on what others have said, and add what matters to you. One idea per statement.',
    opensOn: null,
    closesOn: null,
    audience: 'link',
    anonymousAllowed: true,
    moderation: 'strict',
    seeds: STATEMENTS.map(([text]) => text),
  });
  await conversations.open(ctx, officer, c.id);
  const repo = createConversationsRepository(db);
  const statements = await repo.statements(placeId, c.id);
  const rand = seededRandom(2026);
  const first = await repo.allocate(placeId, c.id, 'participant', PARTICIPANTS);
  const start = now.getTime() - 9 * 86_400_000;
  const participants = [];
  for (let i = 0; i < PARTICIPANTS; i++)
    participants.push(
      await repo.insertParticipant({
        placeId,
        conversationId: c.id,
        number: first + i,
        externalId: `demo-${i + 1}`,
        createdAt: new Date(start + i * 3 * 3_600_000),
      }),
    );
  const votes: (typeof conversationVotes.$inferInsert)[] = [];
  participants.forEach((p, i) => {
    const kind = i % 3;
    const t0 = start + i * 3 * 3_600_000;
    statements.forEach((s, j) => {
      if (rand() > 0.8) return; // most people vote on most statements
      const lean = STATEMENTS[j]![1][kind]!;
      const x = lean + (rand() - 0.5) * 0.9;
      const value = x > 0.25 ? 1 : x < -0.25 ? -1 : 0;
      votes.push({
        placeId,
        conversationId: c.id,
        participantId: p.id,
        statementId: s.id,
        value,
        createdAt: new Date(t0 + j * 20_000),
      });
    });
  });
  await repo.insertVotes(votes);
  // One resident statement waiting for moderation, so the queue has something in it.
  const number = await repo.allocate(placeId, c.id, 'statement', 1);
  const waiting = 'Fix the broken paving outside the library before anything else';
  await repo.insertStatements([
    {
      placeId,
      conversationId: c.id,
      number,
      text: waiting,
      textKey: statementKey(waiting),
      authorParticipantId: participants[5]!.id,
      status: 'pending',
      createdAt: new Date(now.getTime() - 3_600_000),
    },
  ]);
  await conversations.analysis.recompute(placeId, c.id);
  return { conversationId: c.id };
}
