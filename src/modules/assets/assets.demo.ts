import type { Db } from '../../platform/db.js';
import type { DemoContext } from '../../platform/modules.js';
import { createAssetsRepository, type NewAsset } from './assets.repository.js';

type DemoAsset = Pick<NewAsset, 'name' | 'category' | 'offers' | 'address' | 'contact' | 'openingTimes'> & {
  /** The ward, by its place in the demo's ward list; null for assets across the borough. */
  ward: number | null;
};

/**
 * What the demo borough already has. Spread unevenly on purpose, as real places are: some wards
 * (Abbey Green, Kingsmead, Marsh Gate) are rich in groups and places, others (Quarry Wood, Old
 * Farm, North End) have almost nothing on the register yet.
 */
export const DEMO_ASSETS: DemoAsset[] = [
  {
    ward: 0,
    name: 'Abbey Green Residents Association',
    category: 'association',
    offers: 'Monthly meetings, a street party each summer, and a say on local planning.',
    address: 'Abbey Green Community Room, Abbey Road',
    contact: 'agra.secretary@example.org',
    openingTimes: 'Meets the first Tuesday of each month, 7pm',
  },
  {
    ward: 0,
    name: 'St Mary Abbey Church',
    category: 'institution',
    offers: 'A warm space on winter weekdays, a food bank collection point and a hall to hire.',
    address: 'Abbey Road',
    contact: '020 7946 0101',
    openingTimes: 'Monday to Friday, 10am to 3pm',
  },
  {
    ward: 0,
    name: 'Abbey Green allotments',
    category: 'place',
    offers: 'Forty plots, a shared shed of tools, and a waiting list that moves every spring.',
    address: 'Behind 40 Green Lane',
    contact: 'abbeyallotments@example.org',
    openingTimes: 'Dawn to dusk',
  },
  {
    ward: 0,
    name: 'Green Lane Saturday market',
    category: 'economic',
    offers: 'Twenty stalls of local food and crafts; a free stall each week for community groups.',
    address: 'Green Lane car park',
    contact: 'www.greenlanemarket.example',
    openingTimes: 'Saturdays, 8am to 2pm',
  },
  {
    ward: 3,
    name: 'Castle Hill history society',
    category: 'culture',
    offers: 'Talks, walks and an archive of photographs of the borough since 1900.',
    address: 'Castle Hill Library',
    contact: 'history@example.org',
    openingTimes: 'Talks on the last Thursday of the month',
  },
  {
    ward: 3,
    name: 'Castle Hill Library',
    category: 'institution',
    offers: 'Books, computers, a meeting room for up to 20, and Wi-Fi.',
    address: '2 Castle Street',
    contact: '020 7946 0102',
    openingTimes: 'Monday to Saturday, 9am to 6pm',
  },
  {
    ward: 4,
    name: 'Cherry Orchard Mosque',
    category: 'institution',
    offers: 'Community meals during Ramadan, a youth club and English classes.',
    address: '18 Orchard Way',
    contact: '020 7946 0103',
    openingTimes: 'Every day',
  },
  {
    ward: 6,
    name: 'Crossways Tenants and Residents Association',
    category: 'association',
    offers: 'Help with housing repairs, a summer fun day and a community garden.',
    address: 'Crossways Estate office',
    contact: 'crosswaystra@example.org',
    openingTimes: 'Drop-in Wednesdays, 6pm to 8pm',
  },
  {
    ward: 9,
    name: 'Ferry Lane repair café',
    category: 'economic',
    offers: 'Volunteers fix clothes, bikes, toasters and lamps for free; learn to do it yourself.',
    address: 'Unit 4, Ferry Lane',
    contact: 'repair@example.org',
    openingTimes: 'Second Saturday of the month, 10am to 1pm',
  },
  {
    ward: 10,
    name: 'Heathside Primary School',
    category: 'institution',
    offers: 'Its hall and playground after school and in the holidays, by arrangement.',
    address: 'Heath Road',
    contact: '020 7946 0104',
    openingTimes: 'School office 8am to 4pm in term',
  },
  {
    ward: 11,
    name: 'Kingsmead Community Centre',
    category: 'place',
    offers: 'A hall for 60, a kitchen and a hearing loop; cheap rates for resident groups.',
    address: '45 Kingsmead Way',
    contact: '020 7946 0105',
    openingTimes: 'Monday to Saturday, 9am to 9pm',
  },
  {
    ward: 11,
    name: 'Kingsmead Over-60s Club',
    category: 'association',
    offers: 'Tea, talk, trips and chair exercise; new members always welcome.',
    address: 'Kingsmead Community Centre',
    contact: '020 7946 0106',
    openingTimes: 'Tuesdays and Fridays, 2pm to 4pm',
  },
  {
    ward: 11,
    name: 'Kingsmead youth football',
    category: 'association',
    offers: 'Free football for 8 to 16 year olds, with volunteer coaches.',
    address: 'Kingsmead playing fields',
    contact: 'kingsmeadfc@example.org',
    openingTimes: 'Saturdays, 9am to 12 noon',
  },
  {
    ward: 11,
    name: 'Kingsmead Carnival',
    category: 'culture',
    offers: 'The borough’s biggest street festival, run by volunteers every July.',
    address: 'Kingsmead Way',
    contact: 'www.kingsmeadcarnival.example',
    openingTimes: 'Second weekend of July',
  },
  {
    ward: 12,
    name: 'Lamplighters pub',
    category: 'economic',
    offers: 'A back room free for community meetings and a weekly quiz that raises money for local causes.',
    address: '1 Lamplighter Row',
    contact: '020 7946 0107',
    openingTimes: 'Every day from 12 noon',
  },
  {
    ward: 13,
    name: 'Marsh Gate Library',
    category: 'institution',
    offers: 'Laptops to borrow, Wi-Fi, a children’s corner and a room for 24.',
    address: 'Station Road',
    contact: '020 7946 0108',
    openingTimes: 'Monday to Saturday, 9am to 7pm',
  },
  {
    ward: 13,
    name: 'Marsh Gate Sewing Circle',
    category: 'association',
    offers: 'Sewing machines to share, patterns, and people glad to teach.',
    address: 'Marsh Gate Library',
    contact: 'sewing.circle@example.org',
    openingTimes: 'Thursdays, 10am to 12 noon',
  },
  {
    ward: 13,
    name: 'Marsh Gate nature reserve',
    category: 'place',
    offers: 'Wetland walks, bird hides and a volunteer conservation team.',
    address: 'Marsh Lane',
    contact: 'www.marshgatereserve.example',
    openingTimes: 'Open every day',
  },
  {
    ward: 13,
    name: 'Marsh Gate Caribbean elders',
    category: 'culture',
    offers: 'Stories and recipes of the Windrush generation, told in schools and at events.',
    address: 'Marsh Gate Library',
    contact: '020 7946 0109',
    openingTimes: 'By arrangement',
  },
  {
    ward: 14,
    name: 'Millbrook Park',
    category: 'place',
    offers: 'A bandstand, a café and a gazebo groups can borrow.',
    address: 'Millbrook Road entrance',
    contact: '020 7946 0110',
    openingTimes: 'Open every day, dawn to dusk',
  },
  {
    ward: 14,
    name: 'Friends of Millbrook Park',
    category: 'association',
    offers: 'Litter picks, planting days and summer concerts in the park.',
    address: 'Millbrook Park café',
    contact: 'friendsofmillbrook@example.org',
    openingTimes: 'First Sunday of the month, 10am',
  },
  {
    ward: 1,
    name: 'Barnfield GP surgery',
    category: 'institution',
    offers: 'A social prescriber who links patients to local groups.',
    address: '7 Barn Road',
    contact: '020 7946 0111',
    openingTimes: 'Monday to Friday, 8am to 6.30pm',
  },
  {
    ward: null,
    name: 'Riverside Time Bank',
    category: 'economic',
    offers: 'Trade an hour of your skills for an hour of someone else’s, across the borough.',
    address: '',
    contact: 'www.riversidetimebank.example',
    openingTimes: 'Online, any time',
  },
];

/** Suggestions from residents, waiting for the officer's check, so the queue is not empty on first start. */
const DEMO_SUGGESTIONS: DemoAsset[] = [
  {
    ward: 15,
    name: 'North End walking group',
    category: 'association',
    offers: 'A gentle hour’s walk and a chat, every week, whatever the weather.',
    address: 'Meets outside North End station',
    contact: '',
    openingTimes: 'Mondays, 10am',
  },
  {
    ward: 17,
    name: 'Quarry Wood bench',
    category: 'place',
    offers: 'The bench at the top of Quarry Wood, where neighbours stop and talk.',
    address: 'Top of Quarry Wood path',
    contact: '',
    openingTimes: '',
  },
];

/** The demo borough's asset register (its own table only): public assets and two suggestions. */
export async function seedAssetsDemo(services: { db: Db }, { placeId, facts, now }: DemoContext): Promise<void> {
  const wardIds = facts.wardIds;
  const suggester = facts.residentIds?.[0];
  const officer = facts.staff?.officer;
  if (!wardIds?.length || !suggester || !officer)
    throw new Error('The assets demo needs the wards, residents and staff of the core demo.');
  const values = ({ ward, ...a }: DemoAsset) => ({
    ...a,
    placeId,
    areaId: ward === null ? null : (wardIds[ward] ?? null),
    accessibility:
      a.category === 'place' || a.category === 'institution' ? 'Step-free entrance and an accessible toilet' : '',
  });
  await createAssetsRepository(services.db).insertMany([
    ...DEMO_ASSETS.map((a) => ({
      ...values(a),
      status: 'public' as const,
      createdBy: officer,
      reviewedBy: officer,
      reviewedAt: now,
    })),
    ...DEMO_SUGGESTIONS.map((a) => ({ ...values(a), status: 'suggested' as const, createdBy: suggester })),
  ]);
}
