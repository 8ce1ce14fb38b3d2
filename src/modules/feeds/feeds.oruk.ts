import { londonDayAndTime } from '../../lib/london-time.js';
import { nameBasedUuid } from '../../lib/uuid.js';
import type { Place } from '../../core/places/index.js';
import type { Asset } from '../assets/index.js';
import type { FeedSeries } from '../sessions/index.js';
import type { ProjectsService } from '../projects/index.js';
import type { SpacesService } from '../spaces/index.js';

/**
 * Commonground's records as Open Referral UK (HSDS 3.0 UK profile) documents: a published project
 * is a service, the place (its council) is the organisation that provides it, its session series
 * are schedules, and the spaces its sessions meet in are its locations. Pure: no I/O.
 */

export type Project = NonNullable<Awaited<ReturnType<ProjectsService['findInPlace']>>>;
export type Space = NonNullable<Awaited<ReturnType<SpacesService['findInPlace']>>>;

/** The version of HSDS and the profile these documents follow. */
export const ORUK_VERSION = '3.0';
export const ORUK_PROFILE = 'https://openreferraluk.org/';

/** Records made from others get name-based ids in this namespace, so they are stable and UUIDs. */
const NAMESPACE = '9a7d4c1e-5b0f-4f3a-8e61-2c4d6b8a0f17';
const derivedId = (kind: string, ...ids: string[]) => nameBasedUuid(NAMESPACE, `${kind}:${ids.join(':')}`);

type Organization = { id: string; name: string; description: string; website: string; email?: string };

/**
 * Who provides every service: the place itself. Projects say whether a resident, a community
 * group, the council or a partner leads them, but never name the group, and residents' names and
 * addresses are not published; so the organisation is the place, and the lead is described.
 */
export function organizationOf(place: Place, baseUrl: string): Organization {
  const email = place.settings.contactEmail;
  return {
    id: place.id,
    name: place.name,
    description: `${place.name}: community projects, sessions and spaces published on Commonground. Projects are led by residents, community groups, the council or its partners.`,
    website: `${baseUrl}/`,
    ...(email ? { email } : {}),
  };
}

const LEADS: Record<Project['leadType'], string> = {
  resident: 'Led by local residents.',
  community_group: 'Led by a community group.',
  council: 'Led by the council.',
  partner: 'Led by a partner organisation.',
};

/** A project's stage as an ORUK service status. */
function statusOf(stage: Project['stage']): 'active' | 'inactive' | 'defunct' | 'temporarily closed' {
  if (stage === 'ended') return 'defunct';
  if (stage === 'paused') return 'temporarily closed';
  return 'active';
}

/** The one-to-one fields of a service, as the paged list gives them. */
export function serviceSummary(project: Project, place: Place, baseUrl: string, projectUrl: string) {
  return {
    id: project.id,
    organization_id: place.id,
    name: project.title,
    description: [project.summary, project.why, LEADS[project.leadType]].filter((s) => s.trim() !== '').join('\n\n'),
    url: `${baseUrl}${projectUrl}`,
    status: statusOf(project.stage),
    last_modified: project.updatedAt.toISOString(),
    organization: organizationOf(place, baseUrl),
  };
}

/** RFC 5545 rule parts, upper-cased keys (FREQ=WEEKLY;BYDAY=TU → { FREQ: 'WEEKLY', BYDAY: 'TU' }). */
function ruleParts(rrule: string | null): Record<string, string> {
  if (!rrule) return {};
  return Object.fromEntries(
    rrule
      .replace(/^RRULE:/i, '')
      .split(';')
      .flatMap((p) => {
        const [k, v] = p.split('=');
        return k && v ? [[k.toUpperCase(), v]] : [];
      }),
  );
}

/** 20270131 or 20270131T235959Z → 2027-01-31. */
const ruleDate = (value: string) => `${value.slice(0, 4)}-${value.slice(4, 6)}-${value.slice(6, 8)}`;

/**
 * A session series as an ORUK schedule: its RFC 5545 rule split into the profile's fields, in
 * London wall-clock time. A one-off session is a schedule valid on one day. Rules the profile
 * cannot hold (daily, yearly) keep their dates and times, with the rule itself in the notes.
 */
export function scheduleOf(
  series: FeedSeries & { lastStartsAt: Date },
  serviceAtLocationId: string | null,
  scheduleLink: string,
) {
  const parts = ruleParts(series.rrule);
  const start = londonDayAndTime(series.startsAt);
  const end = londonDayAndTime(new Date(series.startsAt.getTime() + series.durationMinutes * 60_000));
  const until = parts.UNTIL ? ruleDate(parts.UNTIL) : londonDayAndTime(series.lastStartsAt).day;
  const freq = parts.FREQ === 'WEEKLY' || parts.FREQ === 'MONTHLY' ? parts.FREQ : undefined;
  const interval = parts.INTERVAL ? Number(parts.INTERVAL) : undefined;
  const notes = [series.title, series.rrule && !freq ? `Repeats: ${series.rrule}` : '', 'Times are UK time.']
    .filter(Boolean)
    .join(' ');
  return {
    id: series.id,
    service_id: series.projectId,
    ...(serviceAtLocationId ? { service_at_location_id: serviceAtLocationId } : {}),
    valid_from: start.day,
    valid_to: series.rrule ? until : start.day,
    dtstart: start.day,
    ...(freq ? { freq } : {}),
    ...(interval !== undefined && Number.isFinite(interval) ? { interval } : {}),
    ...(parts.BYDAY ? { byday: parts.BYDAY } : {}),
    ...(parts.BYMONTHDAY ? { bymonthday: parts.BYMONTHDAY } : {}),
    description: series.description || series.title,
    opens_at: start.time,
    closes_at: end.time,
    schedule_link: scheduleLink,
    attending_type: series.spaceId ? 'in person' : 'not specified',
    notes,
  };
}

/** A UK postcode at the end of a one-line address, if there is one. */
const POSTCODE = /\b([A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2})\s*$/i;

/** A free-text one-line address as the profile's address fields: the postcode split off, the rest kept. */
function addressOf(locationId: string, text: string, place: Place) {
  const postcode = POSTCODE.exec(text.trim())?.[1]?.toUpperCase() ?? '';
  const rest = text
    .trim()
    .replace(POSTCODE, '')
    .replace(/[\s,]+$/, '');
  const lines = rest
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return {
    id: derivedId('address', locationId),
    location_id: locationId,
    address_1: lines.length > 1 ? lines.slice(0, -1).join(', ') : rest,
    city: lines.length > 1 ? (lines.at(-1) ?? '') : place.name,
    state_province: '',
    postal_code: postcode,
    country: 'GB',
    address_type: 'physical' as const,
  };
}

/** A space as an ORUK location: physical with its address, or virtual for an online space. */
export function spaceLocation(space: Space, place: Place) {
  const virtual = space.kind === 'online' || !space.address;
  return {
    id: space.id,
    location_type: virtual ? ('virtual' as const) : ('physical' as const),
    name: space.name,
    ...(space.openingTimes ? { description: `Opening times: ${space.openingTimes}` } : {}),
    addresses: space.address && !virtual ? [addressOf(space.id, space.address, place)] : [],
    accessibility: space.accessibility
      ? [{ id: derivedId('accessibility', space.id), location_id: space.id, description: space.accessibility }]
      : [],
  };
}

/** A public community asset with an address as an ORUK location. */
export function assetLocation(asset: Asset, place: Place) {
  return {
    id: asset.id,
    location_type: 'physical' as const,
    name: asset.name,
    description: [asset.offers, asset.openingTimes ? `Opening times: ${asset.openingTimes}` : '']
      .filter(Boolean)
      .join('\n\n'),
    addresses: [addressOf(asset.id, asset.address, place)],
    accessibility: asset.accessibility
      ? [{ id: derivedId('accessibility', asset.id), location_id: asset.id, description: asset.accessibility }]
      : [],
  };
}

/** The id of a service at a location: one per project and space, stable without being stored. */
export const serviceAtLocationId = (projectId: string, spaceId: string) =>
  derivedId('service_at_location', projectId, spaceId);
