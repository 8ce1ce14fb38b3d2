import type { Db } from '../../platform/db.js';
import type { DemoContext } from '../../platform/modules.js';
import type { ProjectsService } from '../projects/index.js';
import { createGroupsRepository, type NewGroup } from './groups.repository.js';

type DemoGroup = Pick<NewGroup, 'name' | 'description' | 'contact' | 'website'> & {
  /** The ward, by its place in the demo's ward list; null for groups across the borough. */
  ward: number | null;
  members: number;
};

/** A dozen groups, spread unevenly across the demo wards as real ones are. */
const DEMO_GROUPS: DemoGroup[] = [
  {
    ward: 0,
    name: 'Friends of Abbey Green Park',
    description:
      'We pick litter, plant bulbs and run a summer fun day in the park. Everyone welcome, no experience needed.',
    contact: 'friends.abbeygreen@example.org',
    website: '',
    members: 9,
  },
  {
    ward: 0,
    name: 'Abbey Green Tenants and Residents',
    description:
      'A voice for the Abbey estate: monthly meetings with the housing team, a newsletter and a summer party.',
    contact: '020 7946 0201',
    website: '',
    members: 7,
  },
  {
    ward: 1,
    name: 'Barnfield Knit and Natter',
    description:
      'Knitting, crochet and conversation on Wednesday afternoons at the library. Wool and needles to borrow.',
    contact: 'knitnatter@example.org',
    website: '',
    members: 5,
  },
  {
    ward: 3,
    name: 'Castle Hill Repair Café',
    description: 'Volunteer fixers mend toasters, bikes, clothes and laptops once a month, and teach you how.',
    contact: 'repair.castlehill@example.org',
    website: 'https://repaircafe.example.org',
    members: 8,
  },
  {
    ward: 4,
    name: 'Cherry Orchard Youth Football',
    description: 'Free football training for 8 to 14 year olds on Saturday mornings, run by parents and local coaches.',
    contact: '07700 900301',
    website: '',
    members: 6,
  },
  {
    ward: 6,
    name: 'Crossways Mutual Aid',
    description: 'Neighbours helping neighbours: shopping runs, prescription pick-ups and a friendly phone call.',
    contact: 'crosswaysaid@example.org',
    website: '',
    members: 10,
  },
  {
    ward: 9,
    name: 'Ferry Lane Community Garden',
    description: 'Growing vegetables on the old bowling green and sharing the harvest. Sessions every Sunday morning.',
    contact: 'ferrylanegarden@example.org',
    website: 'https://ferrylanegarden.example.org',
    members: 6,
  },
  {
    ward: 10,
    name: 'Heathside Walking Group',
    description: 'Gentle walks of an hour or so, starting from the health centre, with a cup of tea at the end.',
    contact: '020 7946 0202',
    website: '',
    members: 4,
  },
  {
    ward: 11,
    name: 'Kingsmead Community Choir',
    description: 'A choir for anyone who likes to sing, whether or not you read music. We sing at the winter fair.',
    contact: 'sing@kingsmeadchoir.example.org',
    website: 'https://kingsmeadchoir.example.org',
    members: 8,
  },
  {
    ward: 13,
    name: 'Marsh Gate Litter Pickers',
    description: 'We meet on the first Saturday of each month to clear the towpath and the streets around the station.',
    contact: 'marshgatepickers@example.org',
    website: '',
    members: 5,
  },
  {
    ward: 14,
    name: 'Millbrook Parents Together',
    description: 'Coffee mornings, a toy swap and a baby-and-toddler group for parents and carers of under-fives.',
    contact: 'millbrookparents@example.org',
    website: '',
    members: 6,
  },
  {
    ward: null,
    name: 'Riverside Cycling Buddies',
    description:
      'Experienced cyclists who ride with people getting back on a bike, on quiet routes across the borough.',
    contact: 'cyclingbuddies@example.org',
    website: '',
    members: 5,
  },
];

/**
 * The demo borough's community groups (its own tables only): each with a lead and members from the
 * demo's residents. A project the demo says is led by a community group goes to a group, whose
 * leads then include that project's organiser (as linking a project requires).
 */
export async function seedGroupsDemo(
  services: { db: Db; projects: Pick<ProjectsService, 'findInPlace'> },
  { placeId, facts, now }: DemoContext,
): Promise<void> {
  const { wardIds, residentIds, participantIds } = facts;
  if (!wardIds?.length || !residentIds?.length)
    throw new Error('The groups demo needs the wards and residents of the core demo.');
  const people = [...residentIds, ...(participantIds ?? [])];
  const repo = createGroupsRepository(services.db);

  // Projects led by a community group, with their organisers, in the order they were proposed.
  const groupLed: { projectId: string; organiser: string }[] = [];
  for (const projectId of facts.projectIds ?? []) {
    const project = await services.projects.findInPlace(placeId, projectId);
    const organiser = facts.projectMembers?.find((m) => m.projectId === projectId && m.role === 'organiser');
    if (project?.leadType === 'community_group' && organiser) groupLed.push({ projectId, organiser: organiser.userId });
  }

  const members: Parameters<typeof repo.insertMembers>[0] = [];
  const links: Parameters<typeof repo.insertLinks>[0] = [];
  let next = 0;
  for (const [i, { ward, members: size, ...g }] of DEMO_GROUPS.entries()) {
    const joined = new Date(now.getTime() - (DEMO_GROUPS.length - i) * 9 * 86_400_000);
    const lead = residentIds[i % residentIds.length] ?? residentIds[0];
    const group = await repo.insert({
      ...g,
      placeId,
      wardId: ward === null ? null : (wardIds[ward] ?? null),
      createdBy: lead,
      createdAt: joined,
      updatedAt: joined,
    });
    const inGroup = new Set<string>();
    const add = (userId: string | undefined, role: 'lead' | 'member') => {
      if (!userId || inGroup.has(userId)) return;
      inGroup.add(userId);
      members.push({
        placeId,
        groupId: group.id,
        userId,
        role,
        joinedAt: new Date(joined.getTime() + inGroup.size * 3_600_000),
      });
    };
    add(lead, 'lead');
    const link = groupLed[i];
    if (link) {
      add(link.organiser, 'lead');
      links.push({ placeId, groupId: group.id, projectId: link.projectId, linkedBy: link.organiser, linkedAt: joined });
    }
    for (let k = 1; k < size; k++) add(people[(next++ * 7 + i) % people.length], 'member');
  }
  await repo.insertMembers(members);
  await repo.insertLinks(links);
}
