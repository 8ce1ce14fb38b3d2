import { insertDemoParticipants } from './core/accounts/index.js';
import type { AreaGeometry } from './core/areas/index.js';
import { seededRandom } from './lib/random.js';
import { modules } from './modules/registry.js';
import { systemContext, type Role } from './platform/context.js';
import type { DemoContext, ModuleManifest } from './platform/modules.js';
import type { Services } from './services.js';

declare module './platform/modules.js' {
  interface DemoFacts {
    /** The demo's wards, in the order of WARD_NAMES. */
    wardIds: string[];
    /** The demo's staff accounts by role. */
    staff: Record<Role, string>;
    /** People who organise demo projects (the organisers and the officer). */
    organiserIds: string[];
    /** Every demo resident, staff excluded. */
    residentIds: string[];
    /** The residents who take part without signing in (a subset of residentIds). */
    participantIds: string[];
  }
}

/**
 * The demo borough: a fictional place with believable wards, people and roles, made the same
 * way every time. Boundaries are generated (third-party boundary files cannot ship in the repository).
 */
export const DEMO = {
  slug: 'riverside',
  name: 'Riverside Borough Council',
  hostnames: ['localhost', 'riverside.localhost'],
  password: 'demo-password-2026',
  people: [
    { email: 'admin@riverside.example', displayName: 'Amara Okafor', role: 'admin' },
    { email: 'officer@riverside.example', displayName: 'Tom Reilly', role: 'officer' },
    { email: 'organiser@riverside.example', displayName: 'Priya Shah', role: 'organiser' },
    { email: 'resident@riverside.example', displayName: 'Jo Bennett', role: 'resident' },
  ] satisfies { email: string; displayName: string; role: Role }[],
} as const;

const WARD_NAMES = [
  'Abbey Green',
  'Barnfield',
  'Brook Street',
  'Castle Hill',
  'Cherry Orchard',
  'Church Manor',
  'Crossways',
  'East Wickham Vale',
  'Elm Park Rise',
  'Ferry Lane',
  'Heathside',
  'Kingsmead',
  'Lamplighters',
  'Marsh Gate',
  'Millbrook',
  'North End',
  'Old Farm',
  'Quarry Wood',
];

const DEMO_RESIDENTS = 48;
/** Extra residents who take part (they have no password: the demo's sign-in accounts are the named ones). */
const DEMO_PARTICIPANTS = 420;

/** Given names and surnames for demo people. */
const FIRST = [
  'Aisha',
  'Ben',
  'Chloe',
  'Dev',
  'Ella',
  'Femi',
  'Grace',
  'Hassan',
  'Isla',
  'Jamal',
  'Kasia',
  'Leo',
  'Maya',
  'Niamh',
  'Oluwaseun',
  'Pat',
  'Rosa',
  'Sanjay',
  'Tariq',
  'Uma',
  'Wen',
  'Yusuf',
  'Zofia',
  'Amir',
  'Bea',
  'Callum',
  'Daisy',
  'Eamon',
  'Fatima',
  'George',
];
const LAST = [
  'Adeyemi',
  'Brown',
  'Chen',
  'Davies',
  'Evans',
  'Fernandes',
  'Green',
  'Hughes',
  'Iqbal',
  'Jones',
  'Kowalski',
  'Lewis',
  'Murphy',
  'Nowak',
  'Osei',
  'Patel',
  'Quinn',
  'Roberts',
  'Singh',
  'Taylor',
  'Walker',
  'Young',
];
/**
 * Wards as a 6 × 3 grid of cells on the Thames estuary (fictional, around 51.47°N 0.10°E),
 * with every corner jittered so they look like real boundaries yet still tile without gaps.
 */
export function demoWardGeometries(): AreaGeometry[] {
  const cols = 6;
  const rows = 3;
  const west = 0.04;
  const south = 51.43;
  const dx = 0.022;
  const dy = 0.018;
  const rand = seededRandom(2026);
  // Jitter each interior grid point once, so neighbouring cells share the same corners.
  const points: [number, number][][] = [];
  for (let r = 0; r <= rows; r++) {
    points.push([]);
    for (let c = 0; c <= cols; c++) {
      // Outer points move too, so the borough's edge is irregular like a real one.
      const jx = (rand() - 0.5) * dx * 0.45;
      const jy = (rand() - 0.5) * dy * 0.45;
      points[r]!.push([round(west + c * dx + jx), round(south + r * dy + jy)]);
    }
  }
  const cells: AreaGeometry[] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const p = (rr: number, cc: number) => points[rr]![cc]!;
      const ring = [p(r, c), p(r, c + 1), p(r + 1, c + 1), p(r + 1, c), p(r, c)];
      cells.push({ type: 'Polygon', coordinates: [ring] });
    }
  }
  return cells;
}

/** About 14 months before the demo is seeded, when its first sessions begin. */
function demoStartDate(now: Date): string {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 14, 1));
  return d.toISOString().slice(0, 10);
}

function round(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}

export type DemoResult = {
  created: boolean;
  placeName: string;
  people: { email: string; role: Role }[];
  password: string;
};

/** Creates the demo place if there is no place yet. Safe to call on every start. */
export async function seedDemo(services: Services, options: { now?: Date } = {}): Promise<DemoResult> {
  const existing = await services.places.findBySlug(DEMO.slug);
  const result = {
    placeName: DEMO.name,
    people: DEMO.people.map((p) => ({ email: p.email, role: p.role })),
    password: DEMO.password,
  };
  if (existing) return { created: false, ...result };
  const place = await services.places.create({
    slug: DEMO.slug,
    name: DEMO.name,
    hostnames: [...DEMO.hostnames],
    isDefault: (await services.places.findDefault()) === undefined,
    settings: {
      contactEmail: 'participation@riverside.example',
      // A target the size of the demo: 1,000 residents within three years of the first sessions.
      participationTarget: { residents: 1000, years: 3, startDate: demoStartDate(options.now ?? new Date()) },
    },
  });
  const now = options.now ?? new Date();
  const ctx = systemContext(place.id);
  const rand = seededRandom(7);
  const geometries = demoWardGeometries();
  const wardIds: string[] = [];
  for (const [i, name] of WARD_NAMES.entries()) {
    const area = await services.areas.create(ctx, {
      kind: 'ward',
      code: `X05${String(1001 + i).padStart(6, '0')}`,
      name,
      population: 11000 + Math.round(rand() * 6000),
      populationYear: 2024,
      boundary: geometries[i]!,
    });
    wardIds.push(area.id);
  }
  const passwordHash = await services.hasher.hash(DEMO.password);
  const staff = {} as Record<Role, string>;
  for (const [i, person] of DEMO.people.entries()) {
    const user = await services.accounts.createUser(ctx, {
      ...person,
      passwordHash,
      homeAreaId: wardIds[i * 4] ?? null,
    });
    staff[person.role] = user.id;
  }
  const organiserIds = [staff.organiser];
  const residentIds: string[] = [];
  // Residents across every ward, so lists and counts look like a real place.
  for (let i = 0; i < DEMO_RESIDENTS; i++) {
    const first = FIRST[Math.floor(rand() * FIRST.length)]!;
    const last = LAST[Math.floor(rand() * LAST.length)]!;
    const user = await services.accounts.createUser(ctx, {
      email: `${first}.${last}.${i + 1}@residents.example`.toLowerCase(),
      displayName: `${first} ${last.slice(0, 1)}.`,
      role: i % 12 === 0 ? 'organiser' : 'resident',
      passwordHash,
      homeAreaId: wardIds[i % wardIds.length] ?? null,
    });
    residentIds.push(user.id);
    if (user.role === 'organiser') organiserIds.push(user.id);
  }
  organiserIds.push(staff.officer);
  // People who take part without signing in, living in every ward (set-based: hundreds of them).
  const participantIds = await insertDemoParticipants(services.db, place.id, {
    count: DEMO_PARTICIPANTS,
    firstNames: FIRST,
    lastNames: LAST,
    wardIds,
    createdAt: new Date(now.getTime() - 420 * 24 * 60 * 60 * 1000),
  });
  residentIds.push(...participantIds);

  // Each module adds its part, in registry order, passing on what later ones need.
  const demo: DemoContext = {
    placeId: place.id,
    ctx,
    now,
    facts: { wardIds, staff, organiserIds, residentIds, participantIds },
  };
  for (const mod of modules as readonly ModuleManifest<Services, object, Services>[]) {
    await mod.demo?.(services, demo);
  }
  return { created: true, ...result };
}
