import type { Services } from '../../src/services.js';
import { systemCtx, type TestUser } from '../kit/places.js';

/**
 * Common rows, made through the services (as the app makes them), never by raw inserts, so a
 * factory breaks when the rules change rather than storing what the app never would.
 */

type ProjectInput = Parameters<Services['projects']['propose']>[2];
type SpaceInput = Parameters<Services['spaces']['create']>[1];
type ScheduleInput = Parameters<Services['sessions']['schedule']>[2];

let n = 0;

/** A published project proposed by `organiser` (who becomes its organiser), in the place's first ward unless told. */
export async function makeProject(services: Services, organiser: TestUser, over: Partial<ProjectInput> = {}) {
  const { user } = organiser;
  const ctx = { ...systemCtx(user.placeId), actor: { type: 'user' as const, id: user.id } };
  const [ward] = await services.areas.listWards(user.placeId);
  if (!ward && !over.areaId) throw new Error('makeProject needs a ward: make the place with createPlace');
  return services.projects.propose(
    ctx,
    user,
    {
      title: `Open Table ${++n}`,
      summary: 'Cooking and eating together',
      why: 'People in the ward asked for it',
      category: 'cooking',
      areaId: ward?.id ?? '',
      needs: {},
      leadType: 'resident',
      threshold: null,
      ...over,
    },
    'post',
  );
}

/** A space in the place, made by the system (as an officer would). */
export async function makeSpace(services: Services, placeId: string, over: Partial<SpaceInput> = {}) {
  return services.spaces.create(
    systemCtx(placeId),
    {
      name: `Community hall ${++n}`,
      kind: 'hall',
      address: '1 High Street',
      areaId: null,
      capacity: null,
      openingTimes: '',
      accessibility: '',
      equipment: [],
      ...over,
    },
    null,
  );
}

/** A one-off session of the project, scheduled by its organiser, on `startDate` (a London day, in the future). */
export async function makeSession(
  services: Services,
  organiser: TestUser,
  projectId: string,
  over: Partial<ScheduleInput> = {},
) {
  const { user } = organiser;
  const ctx = { ...systemCtx(user.placeId), actor: { type: 'user' as const, id: user.id } };
  const next = new Date(Date.now() + 30 * 24 * 3600 * 1000).toISOString().slice(0, 10);
  const { sessionIds } = await services.sessions.schedule(
    ctx,
    { kind: 'user', user },
    {
      projectId,
      spaceId: null,
      title: `Session ${++n}`,
      description: 'Come along',
      startDate: next,
      startTime: '10:00',
      durationMinutes: 90,
      rrule: null,
      exdates: [],
      capacity: null,
      dropIn: false,
      ...over,
    },
  );
  const session = await services.sessions.findListing(user.placeId, sessionIds[0]!);
  if (!session) throw new Error('The scheduled session was not found');
  return session;
}
