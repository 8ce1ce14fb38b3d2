import type { AccountsService, PeopleDirectory } from '../../core/accounts/index.js';
import type { AreasService } from '../../core/areas/index.js';
import { recordAudit } from '../../core/audit/index.js';
import type { MailService } from '../../core/mail/index.js';
import { formatDate } from '../../lib/london-time.js';
import type { ActionContext, CurrentUser } from '../../platform/context.js';
import type { Db } from '../../platform/db.js';
import { Forbidden, Invalid } from '../../platform/errors.js';
import { projectPaths, type ProjectsService } from '../projects/index.js';
import { askEmail } from './capacity.emails.js';
import { createCapacityRepository, type Ask, type Needs, type Offer } from './capacity.repository.js';
import { capacityKinds, type CapacityKind } from './capacity.schema.js';
import type { AskInput, NeedsInput, OfferInput } from './capacity.validation.js';

type Viewer = Pick<CurrentUser, 'id' | 'placeId' | 'role'>;

/** How long a project waits between two messages to the people who offered what it needs. */
export const ASK_INTERVAL_DAYS = 7;
const DAY_MS = 24 * 60 * 60 * 1000;
/** The people directory answers sets of ids; this keeps each set within the protocol's limit on parameters. */
const BATCH = 10_000;

/** A count of people, or null when it is below the place's disclosure threshold. */
export type PeopleCount = { value: number | null; suppressed: boolean };

/** One ward's counted offers: people, and people by what they offer (one person may offer several kinds). */
export type WardCapacity = { wardId: string; people: number; kinds: Record<CapacityKind, number> };

export type CapacityDeps = {
  projects: Pick<ProjectsService, 'findVisible' | 'canOrganise'>;
  people: Pick<PeopleDirectory, 'byIds'>;
  accounts: Pick<AccountsService, 'verifiedContacts'>;
  areas: Pick<AreasService, 'findInPlace'>;
  mail?: MailService | undefined;
};

/** Where links in emails point: the place's own address and name. */
export type Links = { baseUrl: string; placeName: string };

const count = (value: number, threshold: number): PeopleCount =>
  value < threshold ? { value: null, suppressed: true } : { value, suppressed: false };

const noKinds = (): Record<CapacityKind, number> =>
  Object.fromEntries(capacityKinds.map((k) => [k, 0])) as Record<CapacityKind, number>;

/**
 * The capacity inventory: what residents could share (skills, passions, time, a space, kit), what
 * projects need, and the bridge between them. A person's offer is theirs alone: it is shown to
 * nobody else, counted only in ward totals (if they agreed), and used only to pass on an
 * organiser's message (if they agreed), without the organiser ever learning who received it.
 */
export function createCapacityService(db: Db, deps: CapacityDeps) {
  const repo = createCapacityRepository(db);
  const { projects, people, accounts, areas } = deps;

  async function homeWards(placeId: string, userIds: string[]): Promise<Map<string, string | null>> {
    const out = new Map<string, string | null>();
    for (let i = 0; i < userIds.length; i += BATCH)
      for (const p of await people.byIds(placeId, userIds.slice(i, i + BATCH))) out.set(p.id, p.homeAreaId);
    return out;
  }

  /**
   * The people a project's message may reach: they agreed to be asked, offer one of the kinds it
   * needs, have a confirmed address, and are not the person asking.
   */
  async function askable(placeId: string, kinds: CapacityKind[], exceptUserId: string) {
    const offers = (await repo.askable(placeId, kinds)).filter((o) => o.userId !== exceptUserId);
    const ids = offers.map((o) => o.userId);
    const [contacts, wards] = await Promise.all([accounts.verifiedContacts(placeId, ids), homeWards(placeId, ids)]);
    const byId = new Map(offers.map((o) => [o.userId, o]));
    return contacts.map((c) => ({
      ...c,
      homeAreaId: wards.get(c.id) ?? null,
      offer: byId.get(c.id)!,
    }));
  }

  /** The project, if the viewer may see it at all (404 otherwise) and may run it (403 otherwise). */
  async function managed(viewer: Viewer, placeId: string, projectId: string) {
    const project = await projects.findVisible(viewer, placeId, projectId);
    if (!(await projects.canOrganise(viewer, project.id)))
      throw new Forbidden('Only the organisers of this project and council officers can say what it needs.');
    return project;
  }

  /** The day the project may ask again after `last`. */
  const nextAskFrom = (last: Ask) => new Date(last.createdAt.getTime() + ASK_INTERVAL_DAYS * DAY_MS);

  return {
    /** The person's own offer, for their page and their copy of their data. */
    offerOf: (placeId: string, userId: string): Promise<Offer | undefined> => repo.offerOf(placeId, userId),

    /** Makes or changes the signed-in person's offer. Not audited: it is theirs, and withdrawing it leaves no trace. */
    saveOffer: (ctx: ActionContext, user: Viewer, input: OfferInput): Promise<Offer> =>
      repo.saveOffer(ctx.placeId, user.id, input),

    /** Withdraws the offer: the row is deleted, not hidden. */
    withdrawOffer: (ctx: ActionContext, user: Viewer): Promise<boolean> => repo.deleteOffer(ctx.placeId, user.id),

    /**
     * Withdraws the consent to be asked. The rest of the offer stays if it still counts in the
     * ward figures; with neither purpose left there is no reason to keep it, so it is deleted.
     */
    async stopMessages(ctx: ActionContext, user: Viewer): Promise<'stopped' | 'withdrawn' | 'none'> {
      const offer = await repo.offerOf(ctx.placeId, user.id);
      if (!offer) return 'none';
      if (!offer.countInWard) {
        await repo.deleteOffer(ctx.placeId, user.id);
        return 'withdrawn';
      }
      await repo.setMayBeAsked(ctx.placeId, user.id, false);
      return 'stopped';
    },

    /**
     * Counted offers per ward (for the strength map's "capacity offered" measure): how many people
     * agreed to be counted, and how many offer each kind. Totals only, never a person; people with
     * no home ward are in no ward. Small numbers are not suppressed here: whoever shows them does.
     */
    async offersByWard(placeId: string): Promise<WardCapacity[]> {
      const rows = await repo.counted(placeId);
      const wards = await homeWards(
        placeId,
        rows.map((r) => r.userId),
      );
      const out = new Map<string, WardCapacity>();
      for (const r of rows) {
        const wardId = wards.get(r.userId);
        if (!wardId) continue;
        let w = out.get(wardId);
        if (!w) out.set(wardId, (w = { wardId, people: 0, kinds: noKinds() }));
        w.people += 1;
        for (const k of r.kinds) w.kinds[k] += 1;
      }
      return [...out.values()];
    },

    /**
     * Everything the needs page shows an organiser: the project, its needs, how many people could
     * be asked (in its ward and in the whole place, suppressed below `suppressBelow`), and when
     * it may ask next.
     */
    async needsPage(viewer: Viewer, placeId: string, projectId: string, suppressBelow: number) {
      const project = await managed(viewer, placeId, projectId);
      const [needs, ward, last] = await Promise.all([
        repo.needsOf(placeId, project.id),
        project.areaId ? areas.findInPlace(placeId, project.areaId) : undefined,
        repo.lastAskSince(placeId, project.id, new Date(Date.now() - ASK_INTERVAL_DAYS * DAY_MS)),
      ]);
      let counts: { ward: PeopleCount | null; place: PeopleCount } | null = null;
      if (needs) {
        const matches = await askable(placeId, needs.kinds, viewer.id);
        counts = {
          ward: ward ? count(matches.filter((m) => m.homeAreaId === ward.id).length, suppressBelow) : null,
          place: count(matches.length, suppressBelow),
        };
      }
      return { project, needs, ward, counts, lastAsk: last ?? null, nextAskFrom: last ? nextAskFrom(last) : null };
    },

    needsOf: (placeId: string, projectId: string): Promise<Needs | undefined> => repo.needsOf(placeId, projectId),

    /** An organiser or officer says what the project needs. */
    async saveNeeds(ctx: ActionContext, user: Viewer, projectId: string, input: NeedsInput): Promise<Needs> {
      const project = await managed(user, ctx.placeId, projectId);
      return db.transaction(async (tx) => {
        const before = await createCapacityRepository(tx).needsOf(ctx.placeId, project.id);
        const needs = await createCapacityRepository(tx).saveNeeds(ctx.placeId, project.id, {
          ...input,
          updatedBy: user.id,
        });
        await recordAudit(tx, ctx, {
          action: 'capacity.needs_saved',
          subjectType: 'project',
          subjectId: project.id,
          changes: {
            kinds: { from: before?.kinds ?? null, to: needs.kinds },
            description: { from: before?.description ?? null, to: needs.description },
          },
        });
        return needs;
      });
    },

    /**
     * Emails the organiser's message to everyone who agreed to be asked and offers what the
     * project needs, in its ward or the whole place. Once a week a project. The organiser never
     * sees who received it; the audit log and the ask record keep how many, not who.
     */
    async ask(
      ctx: ActionContext,
      user: Viewer,
      projectId: string,
      input: AskInput,
      links: Links,
    ): Promise<{ recipients: number }> {
      const project = await managed(user, ctx.placeId, projectId);
      if (project.status !== 'published')
        throw new Invalid([
          {
            field: 'message',
            message: 'The project must be published before you ask people: they need to be able to see it',
          },
        ]);
      if (input.reach === 'ward' && !project.areaId)
        throw new Invalid([{ field: 'reach', message: 'The project has no ward: choose everyone in the area' }]);
      const needs = await repo.needsOf(ctx.placeId, project.id);
      if (!needs)
        throw new Invalid([{ field: 'message', message: 'Say what the project needs before you ask people' }]);
      // Found before the transaction: the directory reads through its own connection, which an
      // open transaction on an embedded database would keep waiting.
      const everyone = await askable(ctx.placeId, needs.kinds, user.id);
      const recipients = input.reach === 'ward' ? everyone.filter((m) => m.homeAreaId === project.areaId) : everyone;
      await db.transaction(async (tx) => {
        const r = createCapacityRepository(tx);
        // The lock makes two asks at once for one project wait in turn, so the weekly limit holds.
        await r.lockNeeds(ctx.placeId, project.id);
        const last = await r.lastAskSince(ctx.placeId, project.id, new Date(Date.now() - ASK_INTERVAL_DAYS * DAY_MS));
        if (last)
          throw new Invalid([
            {
              field: 'message',
              message: `This project last asked people on ${formatDate(last.createdAt)}. You can ask again from ${formatDate(nextAskFrom(last))}`,
            },
          ]);
        const ask = await r.insertAsk({
          placeId: ctx.placeId,
          projectId: project.id,
          reach: input.reach,
          kinds: needs.kinds,
          message: input.message,
          recipients: recipients.length,
          askedBy: user.id,
        });
        await recordAudit(tx, ctx, {
          action: 'capacity.asked',
          subjectType: 'project',
          subjectId: project.id,
          changes: { askId: ask.id, reach: input.reach, kinds: needs.kinds, recipients: recipients.length },
        });
      });
      // Sent once the ask is recorded, so a slow mail server never holds the project's lock.
      if (deps.mail) {
        const projectUrl = `${links.baseUrl}${projectPaths.project(project.id)}`;
        for (const p of recipients)
          await deps.mail.send(ctx.placeId, {
            to: p.email,
            ...askEmail({ name: p.name, offer: p.offer, project, needs, message: input.message, projectUrl, links }),
          });
      }
      return { recipients: recipients.length };
    },

    /** The messages a person sent to people who offered help (their copy of their data). */
    asksBy: (placeId: string, userId: string): Promise<Ask[]> => repo.asksBy(placeId, userId),
  };
}
export type CapacityService = ReturnType<typeof createCapacityService>;
