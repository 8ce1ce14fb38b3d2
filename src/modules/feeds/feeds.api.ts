import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { linkContext } from '../../platform/auth.js';
import { NotFound } from '../../platform/errors.js';
import { idField, idParams, idSchema } from '../../platform/fields.js';
import { apiPaths, problemSchema } from '../api/index.js';
import { FEED_LICENSE } from './feeds.openactive.js';
import { ORUK_PROFILE, ORUK_VERSION } from './feeds.oruk.js';
import { feedPaths } from './feeds.paths.js';
import { MAX_PAGE, type FeedsService } from './feeds.service.js';

const TAGS = ['Open data feeds'];
const ORUK_SCHEMAS = 'https://github.com/openreferral/uk-profile/tree/main/schema/compiled';

/** Errors a public feed can answer: bad query parameters, an id that is not there, too many requests. */
const feedProblems = { 404: problemSchema, 422: problemSchema, 429: problemSchema };

// ---------------------------------------------------------------------------------------------
// Open Referral UK

const orukQuery = z.object({
  page: z.coerce
    .number({ error: 'page must be a whole number from 1' })
    .int('page must be a whole number from 1')
    .min(1, 'page must be a whole number from 1')
    .max(1_000_000, 'page must be 1,000,000 or less')
    .default(1)
    .meta({ description: 'Page number, from 1' }),
  per_page: z.coerce
    .number({ error: `per_page must be a whole number from 1 to ${MAX_PAGE}` })
    .int(`per_page must be a whole number from 1 to ${MAX_PAGE}`)
    .min(1, `per_page must be a whole number from 1 to ${MAX_PAGE}`)
    .max(MAX_PAGE, `per_page must be a whole number from 1 to ${MAX_PAGE}`)
    .default(50)
    .meta({ description: `Results a page, 1 to ${MAX_PAGE} (50 unless asked)` }),
});

/** The profile's `Page` envelope; its contents are described by the profile's own compiled schemas. */
const orukPage = (id: string, item: z.ZodType) =>
  z
    .object({
      total_items: z.number().int(),
      total_pages: z.number().int(),
      page_number: z.number().int(),
      size: z.number().int(),
      first_page: z.boolean(),
      last_page: z.boolean(),
      empty: z.boolean(),
      contents: z.array(item),
    })
    .meta({ id });

const orukService = z.looseObject({ id: idSchema, name: z.string(), status: z.string() }).meta({
  id: 'OrukService',
  description: `An Open Referral UK service: a published project. Validates against the profile's compiled service.json (nested) or service_list.json (in lists): ${ORUK_SCHEMAS}`,
});

const orukLocation = z
  .looseObject({ id: idSchema, location_type: z.string() })
  .meta({ id: 'OrukLocation', description: 'An Open Referral UK location: a space, or a public community asset' });

// ---------------------------------------------------------------------------------------------
// OpenActive RPDE

const AFTER_TIMESTAMP = 'afterTimestamp must be a whole number of milliseconds since 1970, as a `next` URL gives it';
/** A `next` URL never points past now; an afterTimestamp a day ahead is a mistake, not a clock skew. */
const FUTURE_SLACK_MS = 24 * 60 * 60 * 1000;

const rpdeQuery = z
  .strictObject({
    afterTimestamp: z
      .string({ error: AFTER_TIMESTAMP })
      .regex(/^\d{1,15}$/, AFTER_TIMESTAMP)
      .transform(Number)
      .refine((n) => n <= Date.now() + FUTURE_SLACK_MS, 'afterTimestamp is in the future: start from a `next` URL')
      .optional()
      .meta({ description: 'The `modified` of the last item seen (epoch milliseconds); with afterId' }),
    afterId: idField('afterId must be the id of the last item seen, as a `next` URL gives it')
      .optional()
      .meta({ description: 'The `id` of the last item seen; with afterTimestamp' }),
    limit: z.coerce
      .number({ error: `limit must be a whole number from 1 to ${MAX_PAGE}` })
      .int(`limit must be a whole number from 1 to ${MAX_PAGE}`)
      .min(1, `limit must be a whole number from 1 to ${MAX_PAGE}`)
      .max(MAX_PAGE, `limit must be a whole number from 1 to ${MAX_PAGE}`)
      .optional()
      .meta({ description: `Items a page, 1 to ${MAX_PAGE} (${MAX_PAGE} unless asked); kept in \`next\`` }),
  })
  .refine((q) => (q.afterTimestamp === undefined) === (q.afterId === undefined), {
    message: 'Give afterTimestamp and afterId together, as a `next` URL does, or neither for the first page',
    path: ['afterId'],
  });

const rpdeItem = z
  .object({
    state: z.enum(['updated', 'deleted']),
    kind: z.enum(['SessionSeries', 'ScheduledSession']),
    id: idSchema,
    modified: z.number().int().meta({ description: 'When the item last changed, epoch milliseconds' }),
    data: z.record(z.string(), z.unknown()).optional().meta({ description: 'The opportunity; absent when deleted' }),
  })
  .meta({ id: 'RpdeItem' });

const rpdePage = z
  .object({
    next: z.string().meta({ description: 'The URL of the next page; repeats this one when there was nothing new' }),
    items: z.array(rpdeItem),
    license: z.string(),
  })
  .meta({ id: 'RpdePage', description: 'A page of a Realtime Paged Data Exchange 1.0 feed' });

/** Public, read-only open data: any site may fetch it from a browser. */
function openData(reply: FastifyReply, maxAgeSeconds: number) {
  reply.header('access-control-allow-origin', '*');
  reply.header('cache-control', `public, max-age=${maxAgeSeconds}`);
}

const baseUrlOf = (request: FastifyRequest) => linkContext(request).baseUrl;

/** The Open Referral UK API and the OpenActive RPDE feeds of the request's place. */
export function feedsApi(app: FastifyInstance, { feeds }: { feeds: FeedsService }) {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    feedPaths.openReferral,
    {
      schema: {
        tags: TAGS,
        summary: 'About this Open Referral UK API',
        description:
          'The base URL to give an Open Referral UK consumer. Public: no token. Follows the UK profile, version 3.0.',
        response: {
          200: z
            .object({ version: z.string(), profile: z.string(), openapi_url: z.string() })
            .meta({ id: 'OrukApiInfo' }),
          ...feedProblems,
        },
      },
    },
    function showOpenReferralInfo(request, reply) {
      openData(reply, 3600);
      return { version: ORUK_VERSION, profile: ORUK_PROFILE, openapi_url: `${baseUrlOf(request)}${apiPaths.openapi}` };
    },
  );

  api.get(
    feedPaths.orukServices,
    {
      schema: {
        tags: TAGS,
        summary: 'List the published projects as Open Referral UK services',
        description:
          'Paged by `page` and `per_page`, newest first. Only published projects; drafts, declined projects and people never appear. The profile’s filters (search, taxonomy, age, time, day) are not supported yet and are ignored.',
        querystring: orukQuery,
        response: { 200: orukPage('OrukServicePage', orukService), ...feedProblems },
      },
    },
    async function listOpenReferralServices(request, reply) {
      openData(reply, 300);
      return feeds.orukServices(request.place, baseUrlOf(request), request.query.page, request.query.per_page);
    },
  );

  api.get(
    feedPaths.orukService(':id'),
    {
      schema: {
        tags: TAGS,
        summary: 'One published project as a fully nested Open Referral UK service',
        description:
          'With its organisation (the place), its schedules (one per session series, as RFC 5545 parts) and its locations (the spaces its sessions meet in).',
        params: idParams,
        response: { 200: orukService, ...feedProblems },
      },
    },
    async function showOpenReferralService(request, reply) {
      const service = await feeds.orukService(request.place, baseUrlOf(request), request.params.id);
      if (!service) throw new NotFound('There is no published project with that id in this place.');
      openData(reply, 300);
      return service;
    },
  );

  api.get(
    feedPaths.orukLocations,
    {
      schema: {
        tags: TAGS,
        summary: 'List the spaces and public community assets as Open Referral UK locations',
        description:
          'Beyond the endpoints the UK profile lists: every location in the same form as those nested in services, by name. Community assets appear once public and only when they have an address.',
        querystring: orukQuery,
        response: { 200: orukPage('OrukLocationPage', orukLocation), ...feedProblems },
      },
    },
    async function listOpenReferralLocations(request, reply) {
      openData(reply, 300);
      return feeds.orukLocations(request.place, request.query.page, request.query.per_page);
    },
  );

  const rpdeRoute = (url: string, kind: 'SessionSeries' | 'ScheduledSession', summary: string) => {
    api.get(
      url,
      {
        schema: {
          tags: TAGS,
          summary,
          description:
            'An OpenActive RPDE 1.0 feed ordered by (modified, id): start without parameters and follow `next` until a page has no items, then poll that URL. `modified` is when the item last changed, in epoch milliseconds. Items of projects that are not (or no longer) published come as `deleted`.',
          querystring: rpdeQuery,
          response: { 200: rpdePage, ...feedProblems },
        },
      },
      async function showRpdePage(request, reply) {
        const { afterTimestamp, afterId, limit } = request.query;
        const after =
          afterTimestamp !== undefined && afterId !== undefined ? { timestamp: afterTimestamp, id: afterId } : null;
        const size = limit ?? MAX_PAGE;
        const items = await feeds.rpde(kind, request.place, baseUrlOf(request), after, size);
        const last = items.at(-1);
        const from = last ? { timestamp: last.modified, id: last.id } : after;
        const query = new URLSearchParams();
        if (from) {
          query.set('afterTimestamp', String(from.timestamp));
          query.set('afterId', from.id);
        }
        if (limit !== undefined) query.set('limit', String(limit));
        const qs = query.toString();
        // RPDE: a full page may be followed at once, so caches may keep it; the last page changes.
        openData(reply, items.length < size ? 8 : 3600);
        return { next: `${baseUrlOf(request)}${url}${qs ? `?${qs}` : ''}`, items, license: FEED_LICENSE };
      },
    );
  };
  rpdeRoute(feedPaths.sessionSeriesFeed, 'SessionSeries', 'The OpenActive SessionSeries feed: every session series');
  rpdeRoute(
    feedPaths.scheduledSessionsFeed,
    'ScheduledSession',
    'The OpenActive ScheduledSession feed: every session, cancelled ones too',
  );
}
