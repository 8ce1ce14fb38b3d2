import type { ActionContext } from '../../platform/context.js';
import type { Db } from '../../platform/db.js';
import { Conflict, Invalid, NotFound } from '../../platform/errors.js';
import { recordAudit } from '../audit/index.js';
import { createAreasRepository, type Area, type AreaListOptions } from './areas.repository.js';
import type { CreateAreaInput, UpdateAreaInput } from './areas.validation.js';

function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: unknown; cause?: { code?: unknown } } | null;
  return e?.code === '23505' || e?.cause?.code === '23505';
}

/** Areas of a place: read access other modules need, and the officer use cases behind the API. */
export function createAreasService(db: Db) {
  const repo = createAreasRepository(db);
  return {
    listWards: (placeId: string) => repo.listByName(placeId, 'ward'),
    findInPlace: (placeId: string, id: string) => repo.findById(placeId, id),
    /** Several areas of the place by id, in no order (ids elsewhere are not found). */
    findManyInPlace: (placeId: string, ids: string[]) => repo.findByIds(placeId, ids),
    findByCode: (placeId: string, code: string) => repo.findByCode(placeId, code),
    list: (placeId: string, opts?: AreaListOptions) => repo.list(placeId, opts),
    /** The areas placed in one (a ward's LSOAs), by kind and code. */
    listChildren: (placeId: string, parentId: string) => repo.listChildren(placeId, parentId),

    /** Adds an area; a code already used in the place is a Conflict. */
    async create(ctx: ActionContext, input: CreateAreaInput): Promise<Area> {
      try {
        return await db.transaction(async (tx) => {
          const r = createAreasRepository(tx);
          if (await r.findByCode(ctx.placeId, input.code)) {
            throw new Conflict(`There is already an area with the code ${input.code} in this place.`);
          }
          const parent = input.parentCode ? await r.findByCode(ctx.placeId, input.parentCode) : undefined;
          if (input.parentCode && (!parent || parent.kind === input.kind))
            throw new Invalid([
              {
                field: 'parentCode',
                message: parent
                  ? `The area ${input.parentCode} is also a ${input.kind}: an area lies in a larger area of another kind.`
                  : `There is no area with the code ${input.parentCode} in this place.`,
              },
            ]);
          const area = await r.insert({
            placeId: ctx.placeId,
            kind: input.kind,
            code: input.code,
            name: input.name,
            population: input.population ?? null,
            populationYear: input.populationYear ?? null,
            boundary: input.boundary ?? null,
            ...(parent ? { parentId: parent.id, parentBasis: 'lookup' as const } : {}),
          });
          await recordAudit(tx, ctx, {
            action: 'area.created',
            subjectType: 'area',
            subjectId: area.id,
            changes: {
              code: area.code,
              name: area.name,
              kind: area.kind,
              population: area.population,
              populationYear: area.populationYear,
              boundary: area.boundary ? area.boundary.type : null,
              ...(parent ? { parentCode: parent.code } : {}),
            },
          });
          return area;
        });
      } catch (err) {
        // Two requests racing for one code: the unique index has the last word.
        if (isUniqueViolation(err))
          throw new Conflict(`There is already an area with the code ${input.code} in this place.`);
        throw err;
      }
    },

    /** Changes an area found by code in the place; records what changed from and to. */
    async update(ctx: ActionContext, code: string, input: UpdateAreaInput): Promise<Area> {
      return db.transaction(async (tx) => {
        const r = createAreasRepository(tx);
        const before = await r.findByCode(ctx.placeId, code);
        if (!before) throw new NotFound(`There is no area with the code ${code} in this place.`);
        const values: Partial<Pick<Area, 'name' | 'population' | 'populationYear' | 'boundary'>> = {};
        const changes: Record<string, unknown> = {};
        for (const field of ['name', 'population', 'populationYear'] as const) {
          const next = input[field];
          if (next !== undefined && next !== before[field]) {
            (values as Record<string, unknown>)[field] = next;
            changes[field] = { from: before[field], to: next };
          }
        }
        if (input.boundary !== undefined) {
          values.boundary = input.boundary;
          // Boundaries are large: the log says that it changed, not the coordinates.
          changes.boundary = { from: before.boundary?.type ?? null, to: input.boundary?.type ?? null };
        }
        if (Object.keys(values).length === 0) return before;
        const area = await r.update(ctx.placeId, before.id, values);
        await recordAudit(tx, ctx, {
          action: 'area.updated',
          subjectType: 'area',
          subjectId: before.id,
          changes: { code, ...changes },
        });
        return area!;
      });
    },
  };
}
export type AreasService = ReturnType<typeof createAreasService>;
