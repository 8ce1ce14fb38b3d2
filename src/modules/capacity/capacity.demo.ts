import { seededRandom } from '../../lib/random.js';
import type { Db } from '../../platform/db.js';
import type { DemoContext } from '../../platform/modules.js';
import { createCapacityRepository } from './capacity.repository.js';
import { capacityKinds, type CapacityKind, type capacityOffers } from './capacity.schema.js';

/** How many demo residents say what they could share: a few dozen, as an early inventory would have. */
const DEMO_OFFERS = 60;

const DESCRIPTIONS: [CapacityKind[], string][] = [
  [['skills'], 'I was a bookkeeper for thirty years'],
  [['skills', 'time'], 'I can cook for twenty and I am free most Saturdays'],
  [['passions'], 'Local history, and getting young people into it'],
  [['kit'], 'A gazebo and two trestle tables'],
  [['space'], 'A big back garden, good for a summer party'],
  [['time'], 'A couple of hours a week, weekday evenings'],
  [['skills', 'kit'], 'I fix bikes and have the tools'],
  [['passions', 'time'], 'Growing vegetables; happy to help on an allotment'],
  [['skills'], 'I speak Polish and Russian and can translate'],
  [['space', 'kit'], 'A garage with a workbench'],
  [['passions'], 'Music: I play the guitar and could lead a sing-along'],
  [['time', 'skills'], 'Sewing and mending; Thursday mornings'],
  [['skills'], ''],
  [['time'], ''],
];

const NEEDS: [CapacityKind[], string][] = [
  [['skills', 'time'], 'Someone to keep the accounts and a few people to help set up on the day'],
  [['space'], 'A kitchen we can use once a week'],
  [['kit', 'time'], 'A gazebo for the summer, and hands to put it up'],
  [['passions', 'skills'], 'People who love growing things and can show others how'],
];

/**
 * The demo borough's inventory (its own tables only): offers from a spread of residents and
 * people who take part, most agreeing to be counted and many to be asked, and needs on the first
 * few projects, so the needs page has people to count and the strength map a measure to show.
 */
export async function seedCapacityDemo(services: { db: Db }, { placeId, facts, now }: DemoContext): Promise<void> {
  const { residentIds, participantIds, projectIds, staff } = facts;
  if (!residentIds?.length || !participantIds || !projectIds?.length || !staff)
    throw new Error('The capacity demo needs the residents of the core demo and the demo projects.');
  const rand = seededRandom(146);
  // Two in three residents with accounts (who can be emailed), and a spread of people who take
  // part without signing in (who can only be counted).
  const taking = new Set(participantIds);
  const withAccounts = residentIds.filter((id) => !taking.has(id)).filter((_id, i) => i % 3 !== 2);
  const step = Math.max(1, Math.floor(participantIds.length / Math.max(1, DEMO_OFFERS - withAccounts.length)));
  const people = [...withAccounts, ...participantIds.filter((_id, i) => i % step === 0)].slice(0, DEMO_OFFERS);
  const offers: (typeof capacityOffers.$inferInsert)[] = [];
  for (const userId of people) {
    const [kinds, description] = DESCRIPTIONS[offers.length % DESCRIPTIONS.length]!;
    // Now and then one more kind, so counts by kind are not a copy of the list above.
    const extra = capacityKinds[Math.floor(rand() * capacityKinds.length)]!;
    const all: CapacityKind[] = rand() < 0.3 ? capacityKinds.filter((k) => kinds.includes(k) || k === extra) : kinds;
    const countInWard = rand() < 0.9;
    const at = new Date(now.getTime() - Math.floor(rand() * 120) * 24 * 60 * 60 * 1000);
    offers.push({
      placeId,
      userId,
      kinds: all,
      description,
      countInWard,
      // Everyone agreed to at least one of the two.
      mayBeAsked: !countInWard || rand() < 0.6,
      createdAt: at,
      updatedAt: at,
    });
  }
  const repo = createCapacityRepository(services.db);
  await repo.insertOffers(offers);
  await repo.insertNeeds(
    NEEDS.slice(0, projectIds.length).map(([kinds, description], i) => ({
      placeId,
      projectId: projectIds[i]!,
      kinds,
      description,
      updatedBy: staff.organiser,
    })),
  );
}
