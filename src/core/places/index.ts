import type { ActionContext } from '../../platform/context.js';
import type { Db } from '../../platform/db.js';
import { NotFound } from '../../platform/errors.js';
import { recordAudit } from '../audit/index.js';
import { createPlacesRepository, type Place } from './places.repository.js';
import type { PlaceSettings } from './places.schema.js';

export type { Place } from './places.repository.js';
export type { PlaceSettings } from './places.schema.js';

/** Host names that always reach the default place, so a fresh install answers on localhost. */
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** The host name without port, lower-cased; null when it is not a plausible host name. */
export function normaliseHost(host: string | undefined): string | null {
  if (!host) return null;
  const h = host.trim().toLowerCase();
  const bare = h.startsWith('[') ? h.slice(0, h.indexOf(']') + 1) : h.replace(/:\d+$/, '');
  return /^[a-z0-9.\-[\]:]{1,253}$/.test(bare) ? bare : null;
}

export function createPlacesService(db: Db) {
  const repo = createPlacesRepository(db);
  /** The place a request's host name belongs to; the default place also answers on localhost. */
  async function resolve(host: string | undefined): Promise<Place | undefined> {
    const hostname = normaliseHost(host);
    if (!hostname) return undefined;
    const place = await repo.findByHostname(hostname);
    if (place) return place;
    if (LOCAL_HOSTS.has(hostname)) return repo.findDefault();
    return undefined;
  }
  return {
    resolve,
    findBySlug: (slug: string) => repo.findBySlug(slug),
    findById: (id: string) => repo.findById(id),
    findDefault: () => repo.findDefault(),
    list: () => repo.list(),
    hostnames: (placeId: string) => repo.hostnames(placeId),
    /** Finds a place by a host name it answers on or by its slug (for the command line). */
    async findByHostOrSlug(value: string): Promise<Place | undefined> {
      return (await resolve(value)) ?? (await repo.findBySlug(value));
    },
    async create(input: {
      slug: string;
      name: string;
      hostnames: string[];
      isDefault?: boolean;
      settings?: PlaceSettings;
    }) {
      return db.transaction(async (tx) => {
        const r = createPlacesRepository(tx);
        const place = await r.insert({
          slug: input.slug,
          name: input.name,
          isDefault: input.isDefault ?? false,
          settings: input.settings ?? {},
        });
        for (const h of input.hostnames) await r.addHostname(place.id, h.toLowerCase());
        await recordAudit(
          tx,
          { placeId: place.id, actor: { type: 'system' }, ip: null, requestId: null },
          {
            action: 'place.created',
            subjectType: 'place',
            subjectId: place.id,
            changes: { name: input.name, hostnames: input.hostnames },
          },
        );
        return place;
      });
    },
    async updateSettings(ctx: ActionContext, values: { name: string; settings: PlaceSettings }): Promise<Place> {
      return db.transaction(async (tx) => {
        const r = createPlacesRepository(tx);
        const before = await r.findById(ctx.placeId);
        if (!before) throw new NotFound();
        const place = await r.update(ctx.placeId, {
          name: values.name,
          settings: { ...before.settings, ...values.settings },
        });
        await recordAudit(tx, ctx, {
          action: 'place.settings_changed',
          subjectType: 'place',
          subjectId: ctx.placeId,
          changes: {
            name: { from: before.name, to: place.name },
            settings: { from: before.settings, to: place.settings },
          },
        });
        return place;
      });
    },
  };
}
export type PlacesService = ReturnType<typeof createPlacesService>;
