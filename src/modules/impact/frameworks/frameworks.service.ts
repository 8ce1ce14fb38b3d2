import type { ActionContext } from '../../../platform/context.js';
import type { Db } from '../../../platform/db.js';
import { Conflict, Invalid, NotFound } from '../../../platform/errors.js';
import { recordAudit } from '../../../core/audit/index.js';
import type { ParticipationStats, StatsService } from '../../participation/index.js';
import type { ProjectsService } from '../../projects/index.js';
import {
  createFrameworksRepository,
  type Evidence,
  type Framework,
  type FrameworksRepository,
  type Outcome,
} from './frameworks.repository.js';
import type { EvidenceForm, FrameworkForm, OutcomeForm } from './frameworks.validation.js';

/** One output count taken from participation data. `value` is null when it counts too few people to show. */
export type OutputCount = { key: string; label: string; value: number | null; unit: string; note?: string };

/** The outputs an outcome framework shows, straight from the participation records. */
export function outputsFrom(s: ParticipationStats): OutputCount[] {
  const regular = s.regularParticipants;
  const hidden = `Not shown: fewer than ${s.suppressBelow} people`;
  return [
    {
      key: 'participants',
      label: 'Unique participants',
      value: s.uniqueParticipants.value,
      unit: 'people',
      ...(s.uniqueParticipants.suppressed ? { note: hidden } : {}),
    },
    {
      key: 'regularParticipants',
      label: 'Regular participants (came in 3 or more of the whole months)',
      value: regular,
      unit: 'people',
      ...(regular === null
        ? { note: s.regularParticipationSuppressed ? hidden : 'Needs 3 whole calendar months or more in the period' }
        : {}),
    },
    { key: 'attendances', label: 'Attendances', value: s.attendances, unit: 'visits' },
    { key: 'participationHours', label: 'Participation hours', value: s.participationHours, unit: 'hours' },
    { key: 'volunteerHours', label: 'Volunteer hours', value: s.volunteerHours, unit: 'hours' },
    { key: 'sessions', label: 'Sessions held', value: s.sessions, unit: 'sessions' },
    { key: 'activeProjects', label: 'Active projects', value: s.activeProjects, unit: 'projects' },
  ];
}

export type FrameworkView = Framework & {
  projectTitle: string | null;
  outcomes: (Outcome & { evidence: Evidence[] })[];
};

/** Outcome frameworks: activities → outputs (from participation data) → outcomes, indicators and evidence. */
export function createFrameworksService(deps: { db: Db; stats: StatsService; projects: ProjectsService }) {
  const { db } = deps;
  const repo = createFrameworksRepository(db);

  async function load(placeId: string, framework: Framework): Promise<FrameworkView> {
    const outcomes = await repo.outcomes(placeId, framework.id);
    const evidence = await repo.evidenceFor(
      placeId,
      outcomes.map((o) => o.id),
    );
    const project = framework.projectId ? await deps.projects.findInPlace(placeId, framework.projectId) : undefined;
    return {
      ...framework,
      projectTitle: project?.title ?? null,
      outcomes: outcomes.map((o) => ({ ...o, evidence: evidence.filter((e) => e.outcomeId === o.id) })),
    };
  }

  async function checkProject(placeId: string, projectId: string | null) {
    if (!projectId) return;
    if (!(await deps.projects.findInPlace(placeId, projectId)))
      throw new Invalid([{ field: 'projectId', message: 'Choose a project from the list' }]);
  }

  /** The place's framework `id`; NotFound for any other. */
  async function existing(placeId: string, id: string): Promise<Framework> {
    const f = await repo.findFramework(placeId, id);
    if (!f) throw new NotFound('There is no such outcome framework.');
    return f;
  }

  /**
   * Runs `change` in a transaction and records it against framework `frameworkId` in the audit
   * log, with the changes `audit` reads from its result.
   */
  function audited<T>(
    ctx: ActionContext,
    action: string,
    change: (r: FrameworksRepository) => Promise<T>,
    audit: (result: T) => { frameworkId: string; changes: Record<string, unknown> },
  ): Promise<T> {
    return db.transaction(async (tx) => {
      const result = await change(createFrameworksRepository(tx));
      const { frameworkId, changes } = audit(result);
      await recordAudit(tx, ctx, { action, subjectType: 'impact_framework', subjectId: frameworkId, changes });
      return result;
    });
  }

  return {
    list: (placeId: string, opts: { publishedOnly?: boolean } = {}) => repo.listFrameworks(placeId, opts),
    /** The frameworks a person started and the evidence they recorded, for their copy of their data. */
    personalData: (placeId: string, userId: string) => repo.createdBy(placeId, userId),
    /** Published projects a framework or appraisal can belong to. */
    projectChoices: (placeId: string) => deps.projects.listPublished(placeId, {}, 500),

    /** A framework: any for officers; only a published one for everyone else. */
    async find(placeId: string, id: string, opts: { publishedOnly: boolean }): Promise<FrameworkView> {
      const f = await existing(placeId, id);
      if (opts.publishedOnly && f.status !== 'published') throw new NotFound('There is no such outcome framework.');
      return load(placeId, f);
    },

    /** Output counts over a period: a project framework's from its project, the place's from the whole place. */
    async outputs(
      placeId: string,
      period: { from: string; to: string },
      projectId: string | null = null,
    ): Promise<OutputCount[]> {
      return outputsFrom(
        await (projectId
          ? deps.stats.projectParticipation(placeId, projectId, period)
          : deps.stats.participation(placeId, period)),
      );
    },

    async create(ctx: ActionContext, userId: string | null, input: FrameworkForm): Promise<Framework> {
      await checkProject(ctx.placeId, input.projectId);
      return audited(
        ctx,
        'impact.framework_created',
        (r) => r.insertFramework({ placeId: ctx.placeId, ...input, createdBy: userId }),
        (f) => ({ frameworkId: f.id, changes: { name: f.name, projectId: f.projectId } }),
      );
    },

    async update(ctx: ActionContext, id: string, input: FrameworkForm): Promise<Framework> {
      const before = await existing(ctx.placeId, id);
      await checkProject(ctx.placeId, input.projectId);
      return audited(
        ctx,
        'impact.framework_updated',
        (r) => r.updateFramework(ctx.placeId, id, input),
        (f) => ({
          frameworkId: id,
          changes: {
            name: { from: before.name, to: f.name },
            activities: { from: before.activities, to: f.activities },
            projectId: { from: before.projectId, to: f.projectId },
          },
        }),
      );
    },

    async setStatus(ctx: ActionContext, id: string, status: Framework['status']): Promise<void> {
      const before = await existing(ctx.placeId, id);
      if (before.status === status)
        throw new Conflict(
          status === 'published' ? 'This framework is already published.' : 'This framework is not published.',
        );
      await audited(
        ctx,
        status === 'published' ? 'impact.framework_published' : 'impact.framework_unpublished',
        (r) => r.updateFramework(ctx.placeId, id, { status }),
        () => ({ frameworkId: id, changes: { status: { from: before.status, to: status } } }),
      );
    },

    async addOutcome(ctx: ActionContext, frameworkId: string, input: OutcomeForm): Promise<Outcome> {
      await existing(ctx.placeId, frameworkId);
      return audited(
        ctx,
        'impact.outcome_added',
        (r) => r.insertOutcome({ placeId: ctx.placeId, frameworkId, ...input }),
        (o) => ({
          frameworkId,
          changes: { outcomeId: o.id, label: o.label, indicator: o.indicator, measurement: o.measurement },
        }),
      );
    },

    async addEvidence(
      ctx: ActionContext,
      userId: string | null,
      frameworkId: string,
      input: EvidenceForm,
    ): Promise<Evidence> {
      const outcome = await repo.findOutcome(ctx.placeId, input.outcomeId);
      if (!outcome || outcome.frameworkId !== frameworkId)
        throw new Invalid([{ field: 'outcomeId', message: 'Choose an outcome of this framework' }]);
      return audited(
        ctx,
        'impact.evidence_added',
        (r) => r.insertEvidence({ placeId: ctx.placeId, ...input, createdBy: userId }),
        (e) => ({
          frameworkId,
          changes: {
            outcomeId: outcome.id,
            periodFrom: e.periodFrom,
            periodTo: e.periodTo,
            value: e.value,
            sampleSize: e.sampleSize,
          },
        }),
      );
    },
  };
}
export type FrameworksService = ReturnType<typeof createFrameworksService>;
