import type { Place } from '../../core/places/index.js';
import type { AssetsService } from '../assets/index.js';
import { projectPaths, type ProjectsService } from '../projects/index.js';
import { sessionPaths, type SessionsService } from '../sessions/index.js';
import type { SpacesService } from '../spaces/index.js';
import { seriesItem, sessionItem, type RpdeItem, type RpdeKind } from './feeds.openactive.js';
import {
  assetLocation,
  scheduleOf,
  serviceAtLocationId,
  serviceSummary,
  spaceLocation,
  type Space,
} from './feeds.oruk.js';

export type FeedsDeps = {
  projects: ProjectsService;
  sessions: SessionsService;
  spaces: SpacesService;
  assets: AssetsService;
};

/** At most this many items a page, in every feed: a harvester pages on, no request reads more. */
export const MAX_PAGE = 500;

/** Where an RPDE page starts: after the item of this change time (epoch milliseconds) and id. */
export type RpdeAfter = { timestamp: number; id: string } | null;

/** An ORUK page, as the profile's `Page` schema gives it. */
function pageOf<T>(contents: T[], total: number, page: number, perPage: number) {
  const totalPages = Math.max(1, Math.ceil(total / perPage));
  return {
    total_items: total,
    total_pages: totalPages,
    page_number: page,
    size: contents.length,
    first_page: page === 1,
    last_page: page >= totalPages,
    empty: contents.length === 0,
    contents,
  };
}

/**
 * The open data feeds: read-only, public, one place at a time. Everything is read through the
 * owning modules' services; only published projects, their sessions and spaces, and public
 * community assets appear. Residents' names and email addresses never do.
 */
export function createFeedsService({ projects, sessions, spaces, assets }: FeedsDeps) {
  return {
    /** A page of the place's published projects as ORUK services (one-to-one fields), newest first. */
    async orukServices(place: Place, baseUrl: string, page: number, perPage: number) {
      const [rows, total] = await Promise.all([
        projects.listPublished(place.id, {}, perPage, (page - 1) * perPage),
        projects.countPublished(place.id),
      ]);
      return pageOf(
        rows.map((p) => serviceSummary(p, place, baseUrl, projectPaths.project(p.id))),
        total,
        page,
        perPage,
      );
    },

    /** One published project as a fully nested ORUK service, or undefined. */
    async orukService(place: Place, baseUrl: string, id: string) {
      const project = await projects.findInPlace(place.id, id);
      if (project?.status !== 'published') return undefined;
      const series = await sessions.seriesOfProjects(place.id, [project.id]);
      const spaceIds = [...new Set(series.flatMap((s) => (s.spaceId ? [s.spaceId] : [])))];
      const found = await Promise.all(spaceIds.map((sid) => spaces.findInPlace(place.id, sid)));
      const venues = found.filter((s): s is Space => s !== undefined);
      const known = new Set(venues.map((s) => s.id));
      const calendar = `${baseUrl}${sessionPaths.projectCalendar(project.id)}`;
      return {
        ...serviceSummary(project, place, baseUrl, projectPaths.project(project.id)),
        schedules: series.map((s) =>
          scheduleOf(
            s,
            s.spaceId && known.has(s.spaceId) ? serviceAtLocationId(project.id, s.spaceId) : null,
            calendar,
          ),
        ),
        service_at_locations: venues.map((space) => ({
          id: serviceAtLocationId(project.id, space.id),
          service_id: project.id,
          location_id: space.id,
          location: spaceLocation(space, place),
        })),
        service_areas: [],
        languages: [],
        funding: [],
        cost_options: [],
        contacts: [],
        attributes: [],
      };
    },

    /**
     * The place's spaces and its public community assets with an address, as ORUK locations, by
     * name. A place has hundreds of each at most; each list is read up to MAX_PAGE rows.
     */
    async orukLocations(place: Place, page: number, perPage: number) {
      const [spaceRows, assetRows] = await Promise.all([
        spaces.list(place.id, MAX_PAGE),
        assets.list(place.id, { status: 'public' }, MAX_PAGE),
      ]);
      const all = [
        ...spaceRows.map((s) => spaceLocation(s, place)),
        ...assetRows.filter((a) => a.address.trim() !== '').map((a) => assetLocation(a, place)),
      ].sort((x, y) => x.name.localeCompare(y.name, 'en-GB') || x.id.localeCompare(y.id));
      return pageOf(all.slice((page - 1) * perPage, page * perPage), all.length, page, perPage);
    },

    /** A page of an RPDE feed: items changed after `after`, in (modified, id) order. */
    async rpde(kind: RpdeKind, place: Place, baseUrl: string, after: RpdeAfter, limit: number): Promise<RpdeItem[]> {
      const point = after ? { at: new Date(after.timestamp), id: after.id } : null;
      const n = Math.min(limit, MAX_PAGE);
      if (kind === 'SessionSeries') {
        const rows = await sessions.changedSeries(place.id, point, n);
        return rows.map((s) => seriesItem(s, place, baseUrl, { project: projectPaths.project(s.projectId) }));
      }
      const rows = await sessions.changedSessions(place.id, point, n);
      return rows.map((s) =>
        sessionItem(s, baseUrl, { session: sessionPaths.session(s.id), project: projectPaths.project(s.projectId) }),
      );
    },
  };
}
export type FeedsService = ReturnType<typeof createFeedsService>;
