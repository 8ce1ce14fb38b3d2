import type { ActionContext, CurrentUser } from '../../platform/context.js';
import { hasRole } from '../../platform/context.js';
import type { Db } from '../../platform/db.js';
import { Forbidden, Invalid, NotFound } from '../../platform/errors.js';
import type { AreasService } from '../../core/areas/index.js';
import { recordAudit } from '../../core/audit/index.js';
import { createSpacesRepository, type Space } from './spaces.repository.js';
import type { SpaceInput } from './spaces.validation.js';

type Viewer = Pick<CurrentUser, 'id' | 'placeId' | 'role'>;
const FIELDS = ['name', 'kind', 'address', 'areaId', 'capacity', 'openingTimes', 'accessibility'] as const;

export type SpacesDeps = { areas: AreasService };

/** Spaces: where sessions happen. Organisers and officers add them; officers, or whoever added one, change it. */
export function createSpacesService(db: Db, { areas }: SpacesDeps) {
  const repo = createSpacesRepository(db);

  async function checkWard(placeId: string, areaId: string | null, field = 'areaId') {
    if (!areaId) return;
    const area = await areas.findInPlace(placeId, areaId);
    if (!area || area.kind !== 'ward') throw new Invalid([{ field, message: 'Select a ward from the list' }]);
  }
  const values = (input: SpaceInput) => ({
    ...input,
    // An online space has no address, whatever was typed.
    address: input.kind === 'online' ? null : input.address,
  });

  function canEdit(user: Viewer, space: Space): boolean {
    return hasRole(user.role, 'officer') || (hasRole(user.role, 'organiser') && space.createdBy === user.id);
  }

  return {
    findInPlace: (placeId: string, id: string) => repo.findById(placeId, id),
    list: (placeId: string, limit = 200, after?: { name: string; id: string }) => repo.list(placeId, limit, after),
    canEdit,
    async create(ctx: ActionContext, input: SpaceInput, createdBy: string | null): Promise<Space> {
      await checkWard(ctx.placeId, input.areaId);
      return db.transaction(async (tx) => {
        const space = await createSpacesRepository(tx).insert({ placeId: ctx.placeId, ...values(input), createdBy });
        await recordAudit(tx, ctx, {
          action: 'space.created',
          subjectType: 'space',
          subjectId: space.id,
          changes: { name: space.name, kind: space.kind },
        });
        return space;
      });
    },
    async update(ctx: ActionContext, user: Viewer, id: string, input: SpaceInput): Promise<Space> {
      const before = await repo.findById(ctx.placeId, id);
      if (!before) throw new NotFound('There is no such space.');
      if (!canEdit(user, before)) throw new Forbidden('Only officers, or whoever added this space, can change it.');
      await checkWard(ctx.placeId, input.areaId);
      const next = values(input);
      return db.transaction(async (tx) => {
        const changes: Record<string, { from: unknown; to: unknown }> = {};
        for (const f of FIELDS) if (next[f] !== before[f]) changes[f] = { from: before[f], to: next[f] };
        if (next.equipment.join('\n') !== before.equipment.join('\n'))
          changes.equipment = { from: before.equipment, to: next.equipment };
        if (Object.keys(changes).length === 0) return before;
        const space = await createSpacesRepository(tx).update(ctx.placeId, id, next);
        await recordAudit(tx, ctx, { action: 'space.updated', subjectType: 'space', subjectId: id, changes });
        return space;
      });
    },
  };
}
export type SpacesService = ReturnType<typeof createSpacesService>;
