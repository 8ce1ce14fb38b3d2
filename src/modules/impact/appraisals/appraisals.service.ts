import {
  AppraisalError,
  computeAppraisal,
  parseAppraisal,
  type AppraisalDocument,
  type AppraisalIssue,
  type AppraisalResult,
  type BenefitLine,
  type CostLine,
} from '../../../lib/appraisal/index.js';
import type { ActionContext } from '../../../platform/context.js';
import type { Db } from '../../../platform/db.js';
import { Invalid, NotFound } from '../../../platform/errors.js';
import { recordAudit } from '../../../core/audit/index.js';
import type { StatsService } from '../../participation/index.js';
import type { ProjectsService } from '../../projects/index.js';
import { outputsFrom } from '../frameworks/index.js';
import type { AppraisalLinks, BenefitLink } from '../impact.schema.js';
import type { ValuesService } from '../values/index.js';
import { createAppraisalsRepository, type AppraisalRow, type AppraisalVersion } from './appraisals.repository.js';

/** An appraisal as pages see it: the stored row with its document typed. */
export type Appraisal = Omit<AppraisalRow, 'document'> & { document: AppraisalDocument };

/** A participation cohort as it was resolved for one calculation. */
export type ResolvedCohort = {
  lineId: string;
  measure: string;
  from: string;
  to: string;
  /** The figure used, or null when participation data could not give it (too few people to show). */
  size: number | null;
  problem: string | null;
};

export type Calculation =
  | { ok: true; document: AppraisalDocument; result: AppraisalResult; cohorts: ResolvedCohort[] }
  | { ok: false; document: AppraisalDocument; issues: AppraisalIssue[]; cohorts: ResolvedCohort[] };

export type NewAppraisal = {
  title: string;
  description: string;
  scope: AppraisalRow['scope'];
  projectId: string | null;
  priceYear: number;
  appraisalYears: number;
};

const PERIOD = /^(\d{4}-\d{2}-\d{2}) to (\d{4}-\d{2}-\d{2})$/;

/** A short, stable line id that no other line of the document uses. */
export function newLineId(prefix: string, lines: { id: string }[]): string {
  const used = new Set(lines.map((l) => l.id));
  for (let i = lines.length + 1; ; i++) if (!used.has(`${prefix}-${i}`)) return `${prefix}-${i}`;
}

/** Issues from the library as form errors: the path names the field. */
export function issuesToInvalid(issues: AppraisalIssue[], field = 'document'): Invalid {
  return new Invalid(
    issues.map((i) => ({ field, message: `${i.path === '(file)' ? 'The file' : i.path} ${i.message}` })),
  );
}

/**
 * Appraisals: each is the library's appraisal document plus links to this place's data, saved as
 * a new version every time. Participation cohorts are looked up each time it is calculated.
 */
export function createAppraisalsService(deps: {
  db: Db;
  values: ValuesService;
  stats: StatsService;
  projects: ProjectsService;
}) {
  const { db } = deps;
  const repo = createAppraisalsRepository(db);

  const typed = (row: AppraisalRow): Appraisal => ({ ...row, document: row.document as AppraisalDocument });

  async function find(placeId: string, id: string): Promise<Appraisal> {
    const row = await repo.findAppraisal(placeId, id);
    if (!row) throw new NotFound('There is no such appraisal.');
    return typed(row);
  }

  /** The participation figures a project appraisal counts from its own project, others from the whole place. */
  function figures(placeId: string, projectId: string | null | undefined, period: { from: string; to: string }) {
    return projectId
      ? deps.stats.projectParticipation(placeId, projectId, period)
      : deps.stats.participation(placeId, period);
  }

  async function resolve(placeId: string, a: Pick<Appraisal, 'document' | 'links'> & { projectId?: string | null }) {
    const cohorts: ResolvedCohort[] = [];
    const cache = new Map<string, ReturnType<typeof outputsFrom>>();
    const benefits: BenefitLine[] = [];
    for (const line of a.document.benefits) {
      const link = a.links.benefits[line.id]?.cohort;
      if (line.cohort.source !== 'participation' || !link) {
        benefits.push(line);
        continue;
      }
      const key = `${link.from}|${link.to}`;
      if (!cache.has(key)) cache.set(key, outputsFrom(await figures(placeId, a.projectId, link)));
      const out = cache
        .get(key)!
        .find((o) => o.key === link.metric || (link.metric === 'hours' && o.key === 'participationHours'));
      const size = out?.value ?? null;
      cohorts.push({
        lineId: line.id,
        measure: line.cohort.measure,
        from: link.from,
        to: link.to,
        size,
        problem: size === null ? (out?.note ?? 'Participation data has no such figure.') : null,
      });
      const cohort = { ...line.cohort, period: `${link.from} to ${link.to}` };
      benefits.push({ ...line, cohort: size === null ? { ...cohort, size: undefined } : { ...cohort, size } });
    }
    return { document: { ...a.document, benefits }, cohorts };
  }

  /** Checks a document the way saving needs: participation cohorts not yet looked up count as filled in. */
  function check(doc: AppraisalDocument): AppraisalDocument {
    const probe = {
      ...doc,
      benefits: doc.benefits.map((b) =>
        b.cohort.source === 'participation' && b.cohort.size === undefined
          ? { ...b, cohort: { ...b.cohort, size: 0 } }
          : b,
      ),
    };
    try {
      parseAppraisal(probe);
    } catch (err) {
      if (err instanceof AppraisalError) throw issuesToInvalid(err.issues);
      throw err;
    }
    return doc;
  }

  async function checkValueIds(placeId: string, doc: AppraisalDocument) {
    const ids = [...new Set(doc.benefits.map((b) => b.valueId).filter((v): v is string => Boolean(v)))];
    const found = new Set((await deps.values.byIds(placeId, ids)).map((v) => v.id));
    const unknown = doc.benefits.map((b, i) => ({ b, i })).filter(({ b }) => b.valueId && !found.has(b.valueId));
    if (unknown.length)
      throw new Invalid(
        unknown.map(({ b, i }) => ({
          field: 'document',
          message: `benefits[${i}].valueId "${String(b.valueId).slice(0, 60)}" is not a value in this council’s library`,
        })),
      );
  }

  async function save(
    ctx: ActionContext,
    userId: string | null,
    id: string,
    change: (a: Appraisal) => { document: AppraisalDocument; links?: AppraisalLinks; note: string },
  ): Promise<Appraisal> {
    return db.transaction(async (tx) => {
      const r = createAppraisalsRepository(tx);
      const row = await r.lockAppraisal(ctx.placeId, id);
      if (!row) throw new NotFound('There is no such appraisal.');
      const before = typed(row);
      const next = change(before);
      check(next.document);
      const links = next.links ?? before.links;
      const version = before.version + 1;
      const saved = await r.updateAppraisal(ctx.placeId, id, {
        document: next.document,
        links,
        version,
        title: next.document.title,
      });
      await r.insertVersion({
        placeId: ctx.placeId,
        appraisalId: id,
        version,
        document: next.document,
        links,
        note: next.note,
        savedBy: userId,
      });
      await recordAudit(tx, ctx, {
        action: 'impact.appraisal_saved',
        subjectType: 'impact_appraisal',
        subjectId: id,
        changes: { version, note: next.note },
      });
      return typed(saved);
    });
  }

  async function insert(
    ctx: ActionContext,
    userId: string | null,
    meta: { scope: AppraisalRow['scope']; projectId: string | null },
    document: AppraisalDocument,
    links: AppraisalLinks,
    note: string,
  ): Promise<Appraisal> {
    check(document);
    return db.transaction(async (tx) => {
      const r = createAppraisalsRepository(tx);
      const row = await r.insertAppraisal({
        placeId: ctx.placeId,
        scope: meta.scope,
        projectId: meta.projectId,
        title: document.title,
        document,
        links,
        version: 1,
        createdBy: userId,
      });
      await r.insertVersion({
        placeId: ctx.placeId,
        appraisalId: row.id,
        version: 1,
        document,
        links,
        note,
        savedBy: userId,
      });
      await recordAudit(tx, ctx, {
        action: 'impact.appraisal_created',
        subjectType: 'impact_appraisal',
        subjectId: row.id,
        changes: { title: document.title, scope: meta.scope, note },
      });
      return typed(row);
    });
  }

  return {
    list: async (placeId: string) => (await repo.listAppraisals(placeId)).map(typed),
    /** The appraisals a person started and each version they saved, for their copy of their data. */
    personalData: (placeId: string, userId: string) => repo.createdBy(placeId, userId),
    find,
    versions: (placeId: string, id: string): Promise<AppraisalVersion[]> => repo.versions(placeId, id),
    resolve,

    /** Looks up participation cohorts and computes the appraisal with the library. */
    async calculate(
      placeId: string,
      a: Pick<Appraisal, 'document' | 'links'> & { projectId?: string | null },
    ): Promise<Calculation> {
      const { document, cohorts } = await resolve(placeId, a);
      try {
        return { ok: true, document, result: computeAppraisal(document), cohorts };
      } catch (err) {
        if (err instanceof AppraisalError) return { ok: false, document, issues: err.issues, cohorts };
        throw err;
      }
    },

    /** A new, empty appraisal with the place's optimism-bias table and deflator series. */
    async create(ctx: ActionContext, userId: string | null, input: NewAppraisal): Promise<Appraisal> {
      let scopeName: string | undefined;
      if (input.scope === 'project') {
        const project = input.projectId ? await deps.projects.findInPlace(ctx.placeId, input.projectId) : undefined;
        if (!project) throw new Invalid([{ field: 'projectId', message: 'Choose the project this appraisal is for' }]);
        scopeName = project.title;
      } else if (input.projectId) {
        throw new Invalid([{ field: 'projectId', message: 'Only a project appraisal belongs to one project' }]);
      }
      const s = await deps.values.settings(ctx.placeId);
      const document: AppraisalDocument = {
        formatVersion: 1,
        title: input.title,
        ...(input.description ? { description: input.description } : {}),
        scope: {
          type: input.scope,
          ...(input.projectId ? { reference: input.projectId } : {}),
          ...(scopeName ? { name: scopeName } : {}),
        },
        priceYear: input.priceYear,
        appraisalYears: input.appraisalYears,
        optimismBias: s.optimismBias,
        deflator: s.deflator,
        costs: [],
        benefits: [],
      };
      return insert(
        ctx,
        userId,
        { scope: input.scope, projectId: input.projectId },
        document,
        { benefits: {} },
        'Created',
      );
    },

    /** Imports an appraisal file as a new appraisal; a bad file saves nothing. */
    async importJson(ctx: ActionContext, userId: string | null, text: string): Promise<Appraisal> {
      let document: AppraisalDocument;
      try {
        const raw = JSON.parse(text) as unknown;
        // Participation cohorts need not carry a figure: it is looked up from this place's records.
        const probe =
          raw && typeof raw === 'object' && Array.isArray((raw as { benefits?: unknown }).benefits)
            ? {
                ...raw,
                benefits: (raw as { benefits: unknown[] }).benefits.map((b) => {
                  const c = (b as { cohort?: { source?: string; size?: unknown } } | null)?.cohort;
                  return c && c.source === 'participation' && c.size === undefined
                    ? { ...(b as object), cohort: { ...c, size: 0 } }
                    : b;
                }),
              }
            : raw;
        parseAppraisal(probe);
        document = raw as AppraisalDocument;
      } catch (err) {
        if (err instanceof SyntaxError)
          throw new Invalid([{ field: 'json', message: `The file is not valid JSON: ${err.message}` }]);
        if (err instanceof AppraisalError) throw issuesToInvalid(err.issues, 'json');
        throw err;
      }
      await checkValueIds(ctx.placeId, document).catch((err: unknown) => {
        if (err instanceof Invalid) throw new Invalid(err.errors.map((e) => ({ ...e, field: 'json' })));
        throw err;
      });
      const links: AppraisalLinks = { benefits: {} };
      for (const b of document.benefits) {
        if (b.cohort.source !== 'participation') continue;
        const m = PERIOD.exec(b.cohort.period ?? '');
        if (m) {
          links.benefits[b.id] = {
            ...(b.valueId ? { valueId: b.valueId } : {}),
            cohort: { metric: b.cohort.measure, from: m[1]!, to: m[2]! },
          };
        } else if (b.cohort.size === undefined) {
          throw new Invalid([
            {
              field: 'json',
              message: `The benefit "${b.name}" takes its cohort from participation data but gives neither a figure nor a period like "2025-04-01 to 2026-03-31"`,
            },
          ]);
        }
      }
      const projectId =
        document.scope.type === 'project' && document.scope.reference
          ? ((await deps.projects.findInPlace(ctx.placeId, document.scope.reference).catch(() => undefined))?.id ??
            null)
          : null;
      return insert(ctx, userId, { scope: document.scope.type, projectId }, document, links, 'Imported from a file');
    },

    async updateDetails(
      ctx: ActionContext,
      userId: string | null,
      id: string,
      input: Omit<NewAppraisal, 'scope' | 'projectId'>,
    ): Promise<Appraisal> {
      return save(ctx, userId, id, (a) => ({
        document: {
          ...a.document,
          title: input.title,
          description: input.description || undefined,
          priceYear: input.priceYear,
          appraisalYears: input.appraisalYears,
        },
        note: 'Changed the title, price year or period',
      }));
    },

    async putCost(ctx: ActionContext, userId: string | null, id: string, line: Omit<CostLine, 'id'>, lineId?: string) {
      return save(ctx, userId, id, (a) => {
        if (lineId && !a.document.costs.some((c) => c.id === lineId)) throw new NotFound('There is no such cost line.');
        const newId = lineId ?? newLineId('cost', a.document.costs);
        const costs = lineId
          ? a.document.costs.map((c) => (c.id === lineId ? { ...line, id: lineId } : c))
          : [...a.document.costs, { ...line, id: newId }];
        return { document: { ...a.document, costs }, note: `${lineId ? 'Changed' : 'Added'} the cost "${line.name}"` };
      });
    },

    async removeCost(ctx: ActionContext, userId: string | null, id: string, lineId: string) {
      return save(ctx, userId, id, (a) => {
        const line = a.document.costs.find((c) => c.id === lineId);
        if (!line) throw new NotFound('There is no such cost line.');
        return {
          document: { ...a.document, costs: a.document.costs.filter((c) => c.id !== lineId) },
          note: `Removed the cost "${line.name}"`,
        };
      });
    },

    async putBenefit(
      ctx: ActionContext,
      userId: string | null,
      id: string,
      line: Omit<BenefitLine, 'id'>,
      link: BenefitLink,
      lineId?: string,
    ) {
      if (line.valueId && !(await deps.values.byIds(ctx.placeId, [line.valueId])).length)
        throw new Invalid([{ field: 'valueId', message: 'Choose a value from the library' }]);
      return save(ctx, userId, id, (a) => {
        if (lineId && !a.document.benefits.some((b) => b.id === lineId))
          throw new NotFound('There is no such benefit line.');
        const newId = lineId ?? newLineId('benefit', a.document.benefits);
        const benefits = lineId
          ? a.document.benefits.map((b) => (b.id === lineId ? { ...line, id: lineId } : b))
          : [...a.document.benefits, { ...line, id: newId }];
        return {
          document: { ...a.document, benefits },
          links: { benefits: { ...a.links.benefits, [newId]: link } },
          note: `${lineId ? 'Changed' : 'Added'} the benefit "${line.name}"`,
        };
      });
    },

    async removeBenefit(ctx: ActionContext, userId: string | null, id: string, lineId: string) {
      return save(ctx, userId, id, (a) => {
        const line = a.document.benefits.find((b) => b.id === lineId);
        if (!line) throw new NotFound('There is no such benefit line.');
        const rest = Object.fromEntries(Object.entries(a.links.benefits).filter(([k]) => k !== lineId));
        return {
          document: { ...a.document, benefits: a.document.benefits.filter((b) => b.id !== lineId) },
          links: { benefits: rest },
          note: `Removed the benefit "${line.name}"`,
        };
      });
    },

    async setOptimismBias(ctx: ActionContext, userId: string | null, id: string, record: Record<string, number>) {
      return save(ctx, userId, id, (a) => {
        const base = a.document.optimismBias;
        const grades = ([1, 2, 3, 4, 5, 6] as const).map((g) => ({
          ...(base?.grades.find((x) => x.grade === g) ?? { grade: g }),
          grade: g,
          rate: record[String(g)]!,
        }));
        return {
          document: {
            ...a.document,
            optimismBias: { ...(base ?? {}), name: 'Optimism bias for this appraisal', grades },
          },
          note: 'Changed the optimism-bias table',
        };
      });
    },

    /**
     * Volunteer hours recorded in a period (in one project, for a project appraisal), as an
     * in-kind cost valued at an hourly rate.
     */
    async volunteerHours(
      placeId: string,
      period: { from: string; to: string },
      projectId: string | null = null,
    ): Promise<number> {
      return (await figures(placeId, projectId, period)).volunteerHours;
    },
  };
}
export type AppraisalsService = ReturnType<typeof createAppraisalsService>;
