import type { Db } from '../../platform/db.js';
import type { DemoContext } from '../../platform/modules.js';
import { createSpacesRepository, type NewSpace } from './spaces.repository.js';

declare module '../../platform/modules.js' {
  interface DemoFacts {
    /** The demo's spaces, in the order of {@link DEMO_SPACES}. */
    spaceIds: string[];
  }
}

type DemoSpace = Pick<NewSpace, 'name' | 'kind' | 'address' | 'capacity' | 'equipment'>;

/** Hubs, shops, halls, a park, a library and an online room, spread across the wards. */
export const DEMO_SPACES: DemoSpace[] = [
  {
    name: 'Riverside Hub',
    kind: 'hub',
    address: '12 High Street',
    capacity: 40,
    equipment: ['Projector', 'Urn', 'Folding tables'],
  },
  {
    name: 'The Corner Shop',
    kind: 'shop',
    address: '3 Brook Street',
    capacity: 20,
    equipment: ['Sewing machines', 'Kettle'],
  },
  {
    name: "St Mary's Church Hall",
    kind: 'hall',
    address: 'Church Road',
    capacity: 80,
    equipment: ['Chairs for 80', 'Kitchen'],
  },
  {
    name: 'Millbrook Park',
    kind: 'park',
    address: 'Millbrook Road entrance',
    capacity: null,
    equipment: ['Gazebo', 'Garden tools'],
  },
  {
    name: 'Kingsmead Community Centre',
    kind: 'hall',
    address: '45 Kingsmead Way',
    capacity: 60,
    equipment: ['Kitchen', 'Hearing loop'],
  },
  {
    name: 'The Workshop at Ferry Lane',
    kind: 'hub',
    address: 'Unit 4, Ferry Lane',
    capacity: 16,
    equipment: ['Workbenches', 'Hand tools', 'Bike stand'],
  },
  {
    name: 'Marsh Gate Library',
    kind: 'hub',
    address: 'Marsh Gate Library, Station Road',
    capacity: 24,
    equipment: ['Laptops', 'Wi-fi'],
  },
  { name: 'Online (video call)', kind: 'online', address: null, capacity: 30, equipment: [] },
];

function openingTimes(kind: DemoSpace['kind']): string {
  if (kind === 'park') return 'Open every day, dawn to dusk';
  if (kind === 'online') return 'Whenever a session is on';
  return 'Monday to Saturday, 9am to 9pm';
}

function accessibility(kind: DemoSpace['kind']): string {
  if (kind === 'park') return 'Level paths from the Millbrook Road entrance; accessible toilet in the café';
  if (kind === 'online') return 'Captions on; join by phone if you prefer';
  return 'Step-free entrance, accessible toilet and a hearing loop';
}

/** The demo borough's spaces (the spaces table only); sets `facts.spaceIds`. */
export async function seedSpacesDemo(services: { db: Db }, { placeId, facts }: DemoContext): Promise<void> {
  const wardIds = facts.wardIds;
  if (!wardIds?.length) throw new Error('The spaces demo needs the wards of the core demo (facts.wardIds).');
  const spaceIds: string[] = [];
  await services.db.transaction(async (tx) => {
    const repo = createSpacesRepository(tx);
    for (const [i, s] of DEMO_SPACES.entries()) {
      const space = await repo.insert({
        ...s,
        placeId,
        areaId: s.kind === 'online' ? null : wardIds[(i * 5) % wardIds.length]!,
        openingTimes: openingTimes(s.kind),
        accessibility: accessibility(s.kind),
      });
      spaceIds.push(space.id);
    }
  });
  facts.spaceIds = spaceIds;
}
