import type { PeopleDirectory } from '../../core/accounts/index.js';
import type { AreasService } from '../../core/areas/index.js';
import { recordAudit } from '../../core/audit/index.js';
import type { MailService } from '../../core/mail/index.js';
import { hasRole, type ActionContext, type CurrentUser } from '../../platform/context.js';
import type { Db } from '../../platform/db.js';
import { Conflict, Forbidden, Invalid, NotFound } from '../../platform/errors.js';
import { assetPaths } from './assets.paths.js';
import { createAssetsRepository, type Asset, type AssetFilter } from './assets.repository.js';
import type { AssetInput } from './assets.validation.js';

type Viewer = Pick<CurrentUser, 'id' | 'placeId' | 'role'>;
const FIELDS = ['name', 'category', 'offers', 'areaId', 'address', 'contact', 'openingTimes', 'accessibility'] as const;

/** People as the register needs them: the address of whoever suggested an asset (the core's people directory). */
type People = Pick<PeopleDirectory, 'byIds'>;

export type AssetsDeps = { areas: AreasService; people: People; mail?: MailService | undefined };

/** Where links in emails point: the place's own address. */
type Links = { baseUrl: string };

/** The asset, if it still waits for a check; a decision already made is not made again. */
export function stillSuggested(asset: Asset): Asset {
  if (asset.status !== 'suggested')
    throw new Conflict(`This asset has already been ${asset.status === 'public' ? 'published' : 'declined'}.`);
  return asset;
}

/**
 * The community asset register. Anyone signed in may suggest an asset; an officer checks it before
 * it is public, because it names a place, a contact and opening times that people will rely on.
 * Officers' own additions are public at once. Whoever suggested an asset is told the outcome.
 */
export function createAssetsService(db: Db, { areas, people, mail }: AssetsDeps) {
  const repo = createAssetsRepository(db);

  async function checkWard(placeId: string, areaId: string | null) {
    if (!areaId) return;
    const area = await areas.findInPlace(placeId, areaId);
    if (area?.kind !== 'ward') throw new Invalid([{ field: 'areaId', message: 'Select a ward from the list' }]);
  }

  async function tell(asset: Asset, subject: string, body: string, links?: Links) {
    if (!mail || !asset.createdBy) return;
    const [person] = await people.byIds(asset.placeId, [asset.createdBy]);
    if (!person?.email) return;
    const link = links && asset.status === 'public' ? `\n\n${links.baseUrl}${assetPaths.asset(asset.id)}` : '';
    await mail.send(asset.placeId, { to: person.email, subject, body: body + link });
  }

  async function pending(ctx: ActionContext, id: string): Promise<Asset> {
    const asset = await repo.findById(ctx.placeId, id);
    if (!asset) throw new NotFound('There is no such asset.');
    if (asset.status !== 'suggested')
      throw new Conflict(`This asset has already been ${asset.status === 'public' ? 'published' : 'declined'}.`);
    return asset;
  }

  return {
    /** A public asset, or one the viewer suggested, or any asset for an officer; otherwise not there. */
    async findVisible(placeId: string, id: string, viewer: Viewer | null): Promise<Asset | undefined> {
      const asset = await repo.findById(placeId, id);
      if (!asset) return undefined;
      const visible =
        asset.status === 'public' ||
        (viewer !== null && (hasRole(viewer.role, 'officer') || asset.createdBy === viewer.id));
      return visible ? asset : undefined;
    },
    list: (placeId: string, filter: AssetFilter, limit = 500, after?: { name: string; id: string }) =>
      repo.list(placeId, filter, limit, after),
    countPublic: (placeId: string) => repo.countPublic(placeId),
    suggestedBy: (placeId: string, userId: string) => repo.suggestedBy(placeId, userId),

    /** A suggestion from anyone signed in; an officer's addition is public at once. */
    async suggest(ctx: ActionContext, user: Viewer, input: AssetInput): Promise<Asset> {
      await checkWard(ctx.placeId, input.areaId);
      const officer = hasRole(user.role, 'officer');
      return db.transaction(async (tx) => {
        const asset = await createAssetsRepository(tx).insert({
          ...input,
          placeId: ctx.placeId,
          status: officer ? 'public' : 'suggested',
          createdBy: user.id,
          ...(officer ? { reviewedBy: user.id, reviewedAt: new Date() } : {}),
        });
        await recordAudit(tx, ctx, {
          action: officer ? 'asset.added' : 'asset.suggested',
          subjectType: 'asset',
          subjectId: asset.id,
          changes: { name: asset.name, category: asset.category },
        });
        return asset;
      });
    },

    /** A council's existing register, already checked row by row: public at once, in one transaction. */
    async importMany(ctx: ActionContext, inputs: AssetInput[]): Promise<number> {
      const now = new Date();
      await db.transaction(async (tx) => {
        await createAssetsRepository(tx).insertMany(
          inputs.map((input) => ({ ...input, placeId: ctx.placeId, status: 'public' as const, reviewedAt: now })),
        );
        await recordAudit(tx, ctx, {
          action: 'assets.imported',
          subjectType: 'asset',
          subjectId: null,
          changes: { count: inputs.length },
        });
      });
      return inputs.length;
    },

    /** An officer corrects an asset's details, whatever its status; only what changed is audited. */
    async update(ctx: ActionContext, user: Viewer, id: string, input: AssetInput): Promise<Asset> {
      if (!hasRole(user.role, 'officer')) throw new Forbidden('Only officers can change an asset.');
      const before = await repo.findById(ctx.placeId, id);
      if (!before) throw new NotFound('There is no such asset.');
      await checkWard(ctx.placeId, input.areaId);
      const changes: Record<string, { from: unknown; to: unknown }> = {};
      for (const f of FIELDS) if (input[f] !== before[f]) changes[f] = { from: before[f], to: input[f] };
      if (Object.keys(changes).length === 0) return before;
      return db.transaction(async (tx) => {
        const asset = await createAssetsRepository(tx).update(ctx.placeId, id, input);
        await recordAudit(tx, ctx, { action: 'asset.updated', subjectType: 'asset', subjectId: id, changes });
        return asset;
      });
    },

    async publish(ctx: ActionContext, reviewer: Viewer, id: string, links?: Links): Promise<Asset> {
      const before = await pending(ctx, id);
      const asset = await db.transaction(async (tx) => {
        const row = await createAssetsRepository(tx).update(ctx.placeId, id, {
          status: 'public',
          reviewedBy: reviewer.id,
          reviewedAt: new Date(),
        });
        await recordAudit(tx, ctx, {
          action: 'asset.published',
          subjectType: 'asset',
          subjectId: id,
          changes: { status: { from: before.status, to: 'public' } },
        });
        return row;
      });
      await tell(
        asset,
        `"${asset.name}" is now in the community asset register`,
        `Thank you for suggesting "${asset.name}". The council has checked it and it is now in the register for everyone to find.`,
        links,
      );
      return asset;
    },

    async decline(ctx: ActionContext, reviewer: Viewer, id: string, reason: string): Promise<Asset> {
      const before = await pending(ctx, id);
      const asset = await db.transaction(async (tx) => {
        const row = await createAssetsRepository(tx).update(ctx.placeId, id, {
          status: 'declined',
          declineReason: reason,
          reviewedBy: reviewer.id,
          reviewedAt: new Date(),
        });
        await recordAudit(tx, ctx, {
          action: 'asset.declined',
          subjectType: 'asset',
          subjectId: id,
          changes: { status: { from: before.status, to: 'declined' }, reason },
        });
        return row;
      });
      await tell(
        asset,
        `"${asset.name}" has not been added to the asset register`,
        `Thank you for suggesting "${asset.name}". The council has not added it to the register.\n\nThe reason it gave:\n\n${reason}`,
      );
      return asset;
    },
  };
}
export type AssetsService = ReturnType<typeof createAssetsService>;
