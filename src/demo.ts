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
    /** The demo's small areas (LSOAs), ward by ward; each lies in one of wardIds. */
    lsoaIds: string[];
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

type Point = [number, number];

/** The point a share `t` (0 to 1) of the way from `a` to `b`, rounded as boundaries are; the ends exactly. */
function along(a: Point, b: Point, t: number): Point {
  if (t === 0) return a;
  if (t === 1) return b;
  return [round(a[0] + (b[0] - a[0]) * t), round(a[1] + (b[1] - a[1]) * t)];
}

/** `count` cut points from 0 to 1, about evenly spaced but each moved a little, in order. */
function cuts(count: number, rand: () => number): number[] {
  const out = [0];
  for (let k = 1; k < count; k++) out.push(Math.round((k / count + (rand() - 0.5) * (0.3 / count)) * 1e4) / 1e4);
  out.push(1);
  return out;
}

/**
 * Cuts a demo ward (a quadrilateral ring: south-west, south-east, north-east, north-west) into
 * `count` small areas: two or three strips from its south edge to its north edge, each strip cut
 * across into two to four, all along straight lines between points part of the way along the
 * sides. So the pieces tile the ward with no gaps or overlaps. A point where one strip is cut
 * also goes into the ring of the strip beside it, so neighbours share their edges exactly.
 */
export function splitDemoWard(ward: AreaGeometry, count: number, rand: () => number): AreaGeometry[] {
  const ring = ward.type === 'Polygon' ? ward.coordinates[0] : undefined;
  const [sw, se, ne, nw] = (ring ?? []).map((p) => [p[0] ?? 0, p[1] ?? 0] as Point);
  if (!sw || !se || !ne || !nw || ring?.length !== 5) throw new Error('A demo ward is a closed quadrilateral.');
  const columns = count <= 5 ? 2 : count === 6 ? (rand() < 0.5 ? 2 : 3) : 3;
  // Rows per strip, as even as they can be; the strips with one more are chosen at random.
  const rows = Array.from({ length: columns }, () => Math.floor(count / columns));
  for (let extra = count % columns; extra > 0;) {
    const j = Math.floor(rand() * columns);
    if (rows[j] === Math.floor(count / columns)) {
      rows[j] = (rows[j] ?? 0) + 1;
      extra--;
    }
  }
  // Line j runs from a point on the south edge to one on the north edge; 0 and `columns` are the ward's sides.
  const south = cuts(columns, rand);
  const north = cuts(columns, rand);
  const line = (j: number, t: number) => along(along(sw, se, south[j] ?? 0), along(nw, ne, north[j] ?? 0), t);
  // Where each strip is cut on its west and east lines.
  const west: number[][] = [];
  const east: number[][] = [];
  for (const n of rows) {
    west.push(cuts(n, rand));
    east.push(cuts(n, rand));
  }
  // Every cut on line j, from the strips either side of it, in order from south to north.
  const onLine = (j: number) => [...new Set([...(east[j - 1] ?? []), ...(west[j] ?? [])])].sort((a, b) => a - b);
  const pieces: AreaGeometry[] = [];
  for (let j = 0; j < columns; j++) {
    const w = west[j] ?? [];
    const e = east[j] ?? [];
    const westCuts = onLine(j);
    const eastCuts = onLine(j + 1);
    for (let k = 0; k < (rows[j] ?? 0); k++) {
      const [w0, w1, e0, e1] = [w[k] ?? 0, w[k + 1] ?? 1, e[k] ?? 0, e[k + 1] ?? 1];
      // Anticlockwise, as GeoJSON asks of an outer ring: along the south cut, up the east line, back, down the west.
      const piece: Point[] = [
        line(j, w0),
        line(j + 1, e0),
        ...eastCuts.filter((t) => t > e0 && t < e1).map((t) => line(j + 1, t)),
        line(j + 1, e1),
        line(j, w1),
        ...westCuts
          .filter((t) => t > w0 && t < w1)
          .reverse()
          .map((t) => line(j, t)),
        line(j, w0),
      ];
      pieces.push({ type: 'Polygon', coordinates: [piece] });
    }
  }
  return pieces;
}

/** A small area of the demo borough: an LSOA-shaped piece of one ward. */
export type DemoSmallArea = {
  /** The ward it lies in, by its place in the ward list. */
  ward: number;
  code: string;
  name: string;
  /** Its people at the 2021 census. */
  population: number;
  boundary: AreaGeometry;
};

/** The wards' populations are mid-2024 estimates; the borough has grown about 1% a year since the 2021 census. */
const GROWTH_SINCE_2021 = 1.03;

/**
 * The demo's small areas, shaped like LSOAs: each ward cut into pieces (see splitDemoWard), the
 * same every time. The codes start X01, as the wards' start X05: real codes start with a
 * country's letter (E, W, S, N), so a demo code can never be mistaken for, or collide with, a
 * real one. Names follow ONS: the borough, its MSOA's number counted from the north (here each
 * ward is one MSOA), and a letter.
 *
 * Populations are the 2021 census's, so they are consistent with the wards' mid-2024 figures
 * rather than summing to them: a ward's small areas sum to its population less three years'
 * growth (GROWTH_SINCE_2021). Each holds 1,200 to 2,400 people, as LSOAs are drawn to, so a
 * ward has as many pieces as that allows (4 to 7; the demo's wards are big enough to need 5 to 7).
 */
export function demoSmallAreas(wards: readonly { boundary: AreaGeometry; population: number }[]): DemoSmallArea[] {
  const rand = seededRandom(2021);
  const cols = 6;
  const out: DemoSmallArea[] = [];
  for (const [i, ward] of wards.entries()) {
    const total = Math.round(ward.population / GROWTH_SINCE_2021);
    const fewest = Math.max(4, Math.ceil(total / 2400));
    const most = Math.max(fewest, Math.min(7, Math.floor(total / 1500)));
    const count = fewest + Math.floor(rand() * (most - fewest + 1));
    // Shares about even, each moved up or down by no more than keeps it within 1,200 to 2,400.
    const mean = total / count;
    const room = Math.max(0, Math.min(0.25, 2400 / mean - 1, 1 - 1200 / mean)) / 2;
    const moves = Array.from({ length: count }, () => (rand() * 2 - 1) * room);
    const average = moves.reduce((s, m) => s + m, 0) / count;
    const populations = moves.map((m) => Math.floor(mean * (1 + m - average)));
    // Whole people: what flooring left over goes to the first pieces, one each.
    let left = total - populations.reduce((s, p) => s + p, 0);
    for (let k = 0; left > 0; k = (k + 1) % count, left--) populations[k] = (populations[k] ?? 0) + 1;
    // Wards run west to east in rows from the south; ONS numbers MSOAs from the north.
    const msoa = (Math.floor(wards.length / cols) - 1 - Math.floor(i / cols)) * cols + (i % cols) + 1;
    for (const [k, boundary] of splitDemoWard(ward.boundary, count, rand).entries()) {
      out.push({
        ward: i,
        code: `X01${String(1001 + out.length).padStart(6, '0')}`,
        name: `Riverside ${String(msoa).padStart(3, '0')}${String.fromCharCode(65 + k)}`,
        population: populations[k] ?? 0,
        boundary,
      });
    }
  }
  return out;
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
  const wards: { code: string; boundary: AreaGeometry; population: number }[] = [];
  for (const [i, name] of WARD_NAMES.entries()) {
    const ward = {
      code: `X05${String(1001 + i).padStart(6, '0')}`,
      population: 11000 + Math.round(rand() * 6000),
      boundary: geometries[i]!,
    };
    const area = await services.areas.create(ctx, { kind: 'ward', name, populationYear: 2024, ...ward });
    wardIds.push(area.id);
    wards.push(ward);
  }
  // Each ward's small areas (LSOAs), placed in it, for the Indices of Deprivation.
  const lsoaIds: string[] = [];
  for (const small of demoSmallAreas(wards)) {
    const area = await services.areas.create(ctx, {
      kind: 'lsoa',
      code: small.code,
      name: small.name,
      population: small.population,
      populationYear: 2021,
      boundary: small.boundary,
      parentCode: wards[small.ward]?.code,
    });
    lsoaIds.push(area.id);
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
    facts: { wardIds, lsoaIds, staff, organiserIds, residentIds, participantIds },
  };
  for (const mod of modules as readonly ModuleManifest<Services, object, Services>[]) {
    await mod.demo?.(services, demo);
  }
  return { created: true, ...result };
}
