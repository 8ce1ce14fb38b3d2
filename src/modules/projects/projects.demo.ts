import { createHash } from 'node:crypto';
import type { Db } from '../../platform/db.js';
import type { DemoContext } from '../../platform/modules.js';
import { createProjectsRepository, type MemberRole, type NewProject } from './projects.repository.js';
import { projectMembers } from './projects.schema.js';
import type { PeopleDirectory } from '../../core/accounts/index.js';

declare module '../../platform/modules.js' {
  interface DemoFacts {
    /** The demo's projects, in the order they were proposed. */
    projectIds: string[];
    /** Who is in each demo project and how (organisers included). */
    projectMembers: { projectId: string; userId: string; role: MemberRole }[];
  }
}

type Idea = [title: string, category: NewProject['category'], summary: string];

const IDEAS: Idea[] = [
  [
    'Open Table community cooking',
    'cooking',
    'Cook a meal together once a week with whatever is in season, then sit down and eat it.',
  ],
  ['Repair café', 'repair', 'Bring a broken lamp, toaster or jumper and fix it with neighbours who know how.'],
  ['Play street', 'play', 'Close the street to cars for an afternoon so children can play out safely.'],
  [
    'Seed swap and growing club',
    'growing',
    'Swap seeds and cuttings, and grow food in the shared beds behind the hub.',
  ],
  ['Sewing circle', 'making', 'Learn to sew, mend and alter clothes. Machines and thread provided.'],
  ['Bike maintenance trade school', 'learning', 'Learn to fix punctures, brakes and gears on your own bike.'],
  ['Tool library', 'trading', 'Borrow drills, ladders and garden tools instead of buying them.'],
  ['Batch cooking for busy families', 'cooking', 'Make five freezer meals in two hours and take them home.'],
  [
    'Pocket park planting',
    'growing',
    'Turn the bare patch by the bus stop into a small park with benches and flowers.',
  ],
  ['Woodwork for beginners', 'making', 'Make a stool, a shelf or a planter with hand tools, safely.'],
  ['Homework club', 'learning', 'A quiet place with volunteers to help with homework after school.'],
  ['Street choir', 'other', 'Sing together, no experience needed. We perform at the summer fair.'],
  ['Kids’ bike library', 'play', 'Children borrow a bike that fits, and swap it when they grow.'],
  ['Community fridge', 'cooking', 'Share surplus food from shops and gardens so nothing goes to waste.'],
  ['Knit and natter', 'making', 'Knitting, crochet and a cup of tea. Beginners welcome.'],
  ['Digital skills drop-in', 'learning', 'Help with phones, tablets, email and online forms.'],
  ['Makers’ market', 'trading', 'A monthly stall for local makers to sell what they have made.'],
  ['Allotment share', 'growing', 'Share the work and the harvest of an allotment that was too much for one person.'],
];

const STAGES: NewProject['stage'][] = [
  'running',
  'running',
  'testing',
  'running',
  'gathering',
  'idea',
  'running',
  'paused',
  'running',
  'ended',
  'enterprise',
  'running',
];
const LEADS: NewProject['leadType'][] = [
  'resident',
  'resident',
  'community_group',
  'resident',
  'council',
  'resident',
  'partner',
  'resident',
];
/** Three projects wait for an officer to check them. */
const PENDING = new Set([5, 17, 29]);

const DAY = 86_400_000;

/** Midnight (UTC) of the Monday of the week `now` falls in: demo dates count back from it, so a reseed the same week matches. */
export function demoWeekStart(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - ((now.getUTCDay() + 6) % 7)));
}

/** A stable pseudo-random choice: the same words always give the same number. */
function hash(...parts: (string | number)[]): string {
  return createHash('md5').update(parts.join('-')).digest('hex');
}

/**
 * Two projects a ward, every stage and lead type represented, each with its organiser and a few
 * members from its own ward (the projects tables only). Sets `facts.projectIds` and `facts.projectMembers`.
 */
export async function seedProjectsDemo(
  services: { db: Db; people: Pick<PeopleDirectory, 'byIds'> },
  { placeId, now, facts }: DemoContext,
): Promise<void> {
  const { wardIds, organiserIds, participantIds, staff } = facts;
  if (!wardIds?.length || !organiserIds?.length || !participantIds || !staff)
    throw new Error('The projects demo needs the core demo first (wards, staff, organisers and residents).');
  const monday = demoWeekStart(now).getTime();
  const daysAgo = (n: number) => new Date(monday - n * DAY);
  // People who take part without signing in, by the ward they live in: projects find members nearby.
  const people = await services.people.byIds(placeId, participantIds);
  const participants = people
    .filter((p) => p.homeAreaId)
    .map((p) => ({ id: p.id, ward: p.homeAreaId!, key: p.email ?? p.id }));

  const projectIds: string[] = [];
  const members: { projectId: string; userId: string; role: MemberRole; joinedAt: Date }[] = [];
  await services.db.transaction(async (tx) => {
    const repo = createProjectsRepository(tx);
    for (let i = 0; i < wardIds.length * 2; i++) {
      const [title, category, summary] = IDEAS[i % IDEAS.length]!;
      const stage = STAGES[i % STAGES.length]!;
      const status = PENDING.has(i) ? 'pending' : 'published';
      const ward = wardIds[i % wardIds.length]!;
      const organiser = organiserIds[i % organiserIds.length]!;
      const project = await repo.insert({
        placeId,
        title,
        summary,
        why: 'Because people here asked for it, and it is better done together.',
        category,
        areaId: ward,
        needs: {
          people: true,
          skills: i % 3 ? '' : 'Someone who can keep the accounts',
          space: '',
          kit: i % 4 ? '' : 'A second-hand gazebo',
        },
        stage,
        leadType: LEADS[i % LEADS.length]!,
        threshold: stage === 'idea' || stage === 'gathering' ? 5 + (i % 4) : null,
        status,
        createdBy: organiser,
        publishedAt: status === 'published' ? daysAgo(400 - i * 9) : null,
        createdAt: daysAgo(410 - i * 9),
      });
      projectIds.push(project.id);
      members.push({ projectId: project.id, userId: organiser, role: 'organiser', joinedAt: daysAgo(405 - i * 9) });
      // A few members each from the same ward; the first of them helps organise.
      const nearby = participants
        .filter((p) => p.ward === ward)
        .map((p) => ({ ...p, h: hash('demo', p.key, i) }))
        .filter((p) => parseInt(p.h.slice(0, 4), 16) % 4 === 0)
        .sort((a, b) => (a.h < b.h ? -1 : 1))
        .slice(0, stage === 'idea' ? 2 : 6);
      for (const [n, p] of nearby.entries())
        members.push({
          projectId: project.id,
          userId: p.id,
          role: n === 0 ? 'co_organiser' : 'member',
          joinedAt: daysAgo(380 - i * 9),
        });
    }
    // The demo resident is in two projects, so "your projects" and bookings have something in them.
    for (const i of [0, 3])
      members.push({ projectId: projectIds[i]!, userId: staff.resident, role: 'member', joinedAt: now });
    await tx
      .insert(projectMembers)
      .values(members.map((m) => ({ ...m, placeId })))
      .onConflictDoNothing();
  });
  facts.projectIds = projectIds;
  facts.projectMembers = members.map(({ projectId, userId, role }) => ({ projectId, userId, role }));
}
