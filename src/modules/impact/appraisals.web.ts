import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  adjustmentExplanations,
  appraisalJsonSchema,
  type AppraisalDocument,
  type BenefitLine,
  type CostAmount,
  type CostLine,
} from '../../lib/appraisal/index.js';
import { actionContext } from '../../platform/auth.js';
import { Invalid } from '../../platform/errors.js';
import { handleForm, parseForm, toFormErrors, type FormErrors } from '../../platform/forms.js';
import type { Appraisal, AppraisalsService } from './appraisals.service.js';
import type { FrameworksService } from './frameworks.service.js';
import { impactPaths as paths } from './impact.paths.js';
import { idParam, impactPermissions, lastTwelveMonths, lineParam } from './impact.permissions.js';
import { appraisalScopes, valueTypes } from './impact.schema.js';
import { defaultVolunteerHourlyRate } from './impact.shipped.js';
import {
  appraisalFormSchema,
  benefitFormSchema,
  cohortMeasureLabels,
  cohortMeasures,
  confidenceGradeLabels,
  costCategoryLabels,
  costFormSchema,
  importJsonFormSchema,
  optimismBiasFormSchema,
  scopeLabels,
  valueTypeHints,
  valueTypeLabels,
  volunteerTimeFormSchema,
} from './impact.validation.js';
import {
  agencyTable,
  cumulativeTable,
  headlineTable,
  money,
  moneyExact,
  percent,
  resultsView,
  scenariosTable,
  sensitivityTable,
  toCsv,
  valueTypeTable,
  yearsTable,
  type ValueCredit,
} from './impact.view-models.js';
import type { ValuesService } from './values.service.js';
import { gradeItems } from './values.web.js';

type Params = { Params: { id: string } };
type LineParams = { Params: { id: string; line: string } };
const noFields = z.strictObject({});
const JSON_MAX_BYTES = 1024 * 1024;

const pct = (f: number | undefined, blank: number) => String(Math.round((f ?? blank) * 10_000) / 100);

/** Appraisal pages: create, edit costs and benefits, results, printable summary, CSV and JSON. */
export async function appraisalsWeb(
  app: FastifyInstance,
  deps: { values: ValuesService; frameworks: FrameworksService; appraisals: AppraisalsService },
) {
  const { appraisals, values } = deps;
  await app.register(fastifyMultipart, {
    attachFieldsToBody: 'keyValues',
    limits: { files: 1, fileSize: JSON_MAX_BYTES, fields: 3, fieldSize: JSON_MAX_BYTES, parts: 4 },
  });

  const load = async (request: FastifyRequest<Params>): Promise<Appraisal> => {
    impactPermissions.requireOfficer(request);
    return appraisals.find(request.place.id, idParam(request.params.id, 'appraisal'));
  };

  const projectItems = async (placeId: string, selected: unknown) => [
    { value: '', text: 'Not one project' },
    ...(await deps.frameworks.projectChoices(placeId)).map((p) => ({
      value: p.id,
      text: p.title,
      selected: p.id === selected,
    })),
  ];

  // ---- List, new, import ----
  app.get(paths.appraisals, async function showAppraisals(request, reply) {
    impactPermissions.requireOfficer(request);
    const list = await appraisals.list(request.place.id);
    return reply.render('impact/views/appraisals.njk', {
      paths,
      appraisals: list.map((a) => ({ ...a, scopeLabel: scopeLabels[a.scope] })),
    });
  });

  const showNew = async (
    request: FastifyRequest,
    reply: FastifyReply,
    errors?: FormErrors,
    v?: Record<string, unknown>,
  ) => {
    const lastDeflatorYear = (await values.settings(request.place.id)).deflator.values.at(-1)?.year;
    return reply.render('impact/views/appraisal-new.njk', {
      paths,
      errors,
      lastDeflatorYear,
      values: v ?? {
        priceYear: String(Math.min(new Date().getUTCFullYear(), lastDeflatorYear ?? 9999)),
        appraisalYears: '10',
        scope: 'programme',
      },
      scopeItems: appraisalScopes.map((s) => ({
        value: s,
        text: scopeLabels[s],
        checked: (v?.scope ?? 'programme') === s,
      })),
      projectItems: await projectItems(request.place.id, v?.projectId),
    });
  };

  app.get(paths.newAppraisal, async function showNewAppraisal(request, reply) {
    impactPermissions.requireOfficer(request);
    return showNew(request, reply);
  });
  app.post(paths.newAppraisal, async function submitNewAppraisal(request, reply) {
    const user = impactPermissions.requireOfficer(request);
    return handleForm(
      reply,
      appraisalFormSchema,
      request.body,
      async (data) => {
        const a = await appraisals.create(actionContext(request), user.id, {
          ...data,
          priceYear: data.priceYear!,
          appraisalYears: data.appraisalYears!,
        });
        return paths.editAppraisal(a.id);
      },
      (errors, v) => showNew(request, reply, errors, v),
    );
  });

  const showImport = (reply: FastifyReply, errors?: FormErrors, json = '') =>
    reply.render('impact/views/appraisal-import.njk', { paths, errors, json });

  app.get(paths.importAppraisal, async function showImportAppraisal(request, reply) {
    impactPermissions.requireOfficer(request);
    return showImport(reply);
  });
  app.post(
    paths.importAppraisal,
    { bodyLimit: 2 * JSON_MAX_BYTES + 64 * 1024 },
    async function submitImportAppraisal(request, reply) {
      const user = impactPermissions.requireOfficer(request);
      const parsed = parseForm(importJsonFormSchema, request.body);
      if (!parsed.ok) return showImport(reply.code(422), parsed.errors);
      let text: string | undefined;
      const file = parsed.data.file;
      if (Buffer.isBuffer(file) && file.length > 0) {
        try {
          text = new TextDecoder('utf-8', { fatal: true }).decode(file);
        } catch {
          return showImport(
            reply.code(422),
            toFormErrors([
              { field: 'file', message: 'The file is not UTF-8 text. Choose the appraisal’s .json file.' },
            ]),
          );
        }
      } else if (parsed.data.json?.trim()) text = parsed.data.json;
      if (!text)
        return showImport(
          reply.code(422),
          toFormErrors([{ field: 'file', message: 'Choose an appraisal file (.json), or paste its text' }]),
        );
      try {
        const a = await appraisals.importJson(actionContext(request), user.id, text);
        return reply.redirect(`${paths.appraisal(a.id)}?imported=1`, 303);
      } catch (err) {
        if (!(err instanceof Invalid)) throw err;
        return showImport(
          reply.code(422),
          toFormErrors(err.errors.slice(0, 50).map((e, i) => ({ ...e, field: i ? `${e.field}-${i}` : e.field }))),
          parsed.data.json ?? '',
        );
      }
    },
  );

  app.get(paths.schema, async function showAppraisalSchema(_request, reply) {
    return reply.type('application/schema+json; charset=utf-8').send(JSON.stringify(appraisalJsonSchema(), null, 2));
  });

  // ---- Edit ----
  const showEdit = async (
    request: FastifyRequest<Params>,
    reply: FastifyReply,
    state: { detailErrors?: FormErrors; biasErrors?: FormErrors; values?: Record<string, unknown> } = {},
  ) => {
    const a = await load(request);
    const doc = a.document;
    const v = state.values ?? {};
    const grades = ([1, 2, 3, 4, 5, 6] as const).map((g) => {
      const row = doc.optimismBias?.grades.find((x) => x.grade === g);
      return {
        grade: g,
        field: `grade${g}`,
        label: confidenceGradeLabels[g],
        value: state.biasErrors ? String(v[`grade${g}`] ?? '') : pct(row?.rate, 0),
      };
    });
    return reply.render('impact/views/appraisal-edit.njk', {
      paths,
      appraisal: a,
      doc,
      errors: state.detailErrors ?? state.biasErrors,
      detailErrors: state.detailErrors,
      biasErrors: state.biasErrors,
      details: state.detailErrors
        ? v
        : {
            title: doc.title,
            description: doc.description ?? '',
            priceYear: String(doc.priceYear),
            appraisalYears: String(doc.appraisalYears ?? ''),
          },
      grades,
      costs: doc.costs.map((c) => ({
        ...c,
        categoryLabel: costCategoryLabels[c.category],
        total: money(c.amounts.reduce((s, x) => s + ('amount' in x ? x.amount : x.hours * x.hourlyRate), 0)),
        years: [...new Set(c.amounts.map((x) => x.year))].sort((x, y) => x - y).join(', '),
        hasHours: c.amounts.some((x) => 'hours' in x),
      })),
      benefits: doc.benefits.map((b) => ({
        ...b,
        typeLabel: valueTypeLabels[b.valueType],
        unitText: moneyExact(b.unitValue),
        cohortText:
          b.cohort.source === 'typed'
            ? String(b.cohort.size)
            : `${cohortMeasureLabels[b.cohort.measure as keyof typeof cohortMeasureLabels] ?? b.cohort.measure}${a.links.benefits[b.id]?.cohort ? `, ${a.links.benefits[b.id]!.cohort!.from} to ${a.links.benefits[b.id]!.cohort!.to}` : ''}`,
      })),
      saved: (request.query as Record<string, unknown>).saved,
    });
  };

  app.get<Params>('/impact/appraisals/:id/edit', async function showEditAppraisal(request, reply) {
    return showEdit(request, reply);
  });

  app.post<Params>('/impact/appraisals/:id/details', async function submitAppraisalDetails(request, reply) {
    const a = await load(request);
    const user = request.user!;
    return handleForm(
      reply,
      appraisalFormSchema.omit({ scope: true, projectId: true }),
      request.body,
      async (data) => {
        await appraisals.updateDetails(actionContext(request), user.id, a.id, {
          ...data,
          priceYear: data.priceYear!,
          appraisalYears: data.appraisalYears!,
        });
        return `${paths.editAppraisal(a.id)}?saved=details`;
      },
      (errors, v) => showEdit(request, reply, { detailErrors: errors, values: v }),
    );
  });

  app.post<Params>('/impact/appraisals/:id/optimism-bias', async function submitAppraisalOptimismBias(request, reply) {
    const a = await load(request);
    const user = request.user!;
    return handleForm(
      reply,
      optimismBiasFormSchema,
      request.body,
      async (data) => {
        const record: Record<string, number> = {};
        const missing = [];
        for (let g = 1; g <= 6; g++) {
          const rate = data[`grade${g}` as keyof typeof data];
          if (Number.isNaN(rate)) missing.push({ field: `grade${g}`, message: `Enter the correction for grade ${g}` });
          record[String(g)] = rate;
        }
        if (missing.length) throw new Invalid(missing);
        await appraisals.setOptimismBias(actionContext(request), user.id, a.id, record);
        return `${paths.editAppraisal(a.id)}?saved=optimism-bias`;
      },
      (errors, v) => showEdit(request, reply, { biasErrors: errors, values: v }),
    );
  });

  // ---- Cost lines: one box per year, so rows need no JavaScript ----
  const yearsOf = (doc: AppraisalDocument) => Math.min(60, doc.appraisalYears ?? 10);

  const showCost = async (
    request: FastifyRequest<Params>,
    reply: FastifyReply,
    a: Appraisal,
    state: { errors?: FormErrors; values?: Record<string, unknown>; line?: CostLine } = {},
  ) => {
    const line = state.line;
    const v =
      state.values ??
      (line
        ? {
            name: line.name,
            category: line.category,
            agency: line.agency,
            confidenceGrade: String(line.confidenceGrade),
            source: line.source ?? '',
            ...Object.fromEntries(
              line.amounts
                .filter((x): x is { year: number; amount: number } => 'amount' in x)
                .map((x) => [`year${x.year}`, String(x.amount)]),
            ),
          }
        : { agency: 'Council' });
    return reply.render('impact/views/cost-form.njk', {
      paths,
      appraisal: a,
      line,
      action: line ? paths.cost(a.id, line.id) : paths.newCost(a.id),
      errors: state.errors,
      values: v,
      years: Array.from({ length: yearsOf(a.document) }, (_, i) => ({
        year: i,
        field: `year${i}`,
        value: v[`year${i}`] ?? '',
      })),
      categoryItems: (['capital', 'revenue', 'inKind'] as const).map((c) => ({
        value: c,
        text: costCategoryLabels[c],
        checked: v.category === c,
      })),
      gradeItems: gradeItems(v.confidenceGrade),
      priceYear: a.document.priceYear,
    });
  };

  /** Reads the year boxes: blank is nothing; anything else must be pounds. */
  function readAmounts(
    body: Record<string, unknown>,
    years: number,
  ): { amounts: CostAmount[]; errors: { field: string; message: string }[] } {
    const amounts: CostAmount[] = [];
    const errors: { field: string; message: string }[] = [];
    for (const key of Object.keys(body)) {
      if (/^year\d+$/.test(key) && Number(key.slice(4)) >= years)
        errors.push({
          field: 'year0',
          message: `The form sent a year after the appraisal period (${years} years). Reload the page.`,
        });
      else if (
        !/^year\d+$/.test(key) &&
        !['_csrf', 'name', 'category', 'agency', 'confidenceGrade', 'source'].includes(key)
      )
        errors.push({
          field: 'name',
          message: `The form sent a field it does not accept: ${key.slice(0, 40)}. Reload the page.`,
        });
    }
    for (let y = 0; y < years; y++) {
      const raw = body[`year${y}`];
      const text = typeof raw === 'string' ? raw.replace(/^£/, '').replace(/,/g, '').trim() : '';
      if (raw !== undefined && typeof raw !== 'string') {
        errors.push({ field: `year${y}`, message: `Enter one amount for year ${y}` });
        continue;
      }
      if (!text) continue;
      if (!/^\d{1,12}(\.\d{1,2})?$/.test(text)) {
        errors.push({ field: `year${y}`, message: `Enter the year ${y} cost in pounds, like 25000 (not negative)` });
        continue;
      }
      const amount = Number(text);
      if (amount > 0) amounts.push({ year: y, amount });
    }
    if (!errors.length && !amounts.length)
      errors.push({ field: 'year0', message: 'Enter the cost for at least one year' });
    return { amounts, errors };
  }

  const submitCost = (lineId?: string) =>
    async function submitCostLine(request: FastifyRequest<LineParams> | FastifyRequest<Params>, reply: FastifyReply) {
      const a = await load(request as FastifyRequest<Params>);
      const user = request.user!;
      const line = lineId === undefined ? undefined : a.document.costs.find((c) => c.id === lineId);
      const body = (request.body ?? {}) as Record<string, unknown>;
      const parsed = parseForm(costFormSchema, body);
      const { amounts, errors: amountErrors } = readAmounts(body, yearsOf(a.document));
      const echo = Object.fromEntries(Object.entries(body).filter(([k, v]) => k !== '_csrf' && typeof v === 'string'));
      if (!parsed.ok || amountErrors.length) {
        const fieldErrors = [
          ...(parsed.ok ? [] : parsed.errors.summary.map((s) => ({ field: s.href.slice(1), message: s.text }))),
          ...amountErrors,
        ];
        return showCost(request as FastifyRequest<Params>, reply.code(422), a, {
          errors: toFormErrors(fieldErrors),
          values: echo,
          ...(line ? { line } : {}),
        });
      }
      const d = parsed.data;
      try {
        await appraisals.putCost(
          actionContext(request),
          user.id,
          a.id,
          {
            name: d.name,
            category: d.category,
            agency: d.agency,
            confidenceGrade: d.confidenceGrade as CostLine['confidenceGrade'],
            ...(d.source ? { source: d.source } : {}),
            amounts,
          },
          line?.id,
        );
      } catch (err) {
        if (!(err instanceof Invalid)) throw err;
        return showCost(request as FastifyRequest<Params>, reply.code(422), a, {
          errors: toFormErrors(err.errors),
          values: echo,
          ...(line ? { line } : {}),
        });
      }
      return reply.redirect(`${paths.editAppraisal(a.id)}?saved=cost#costs`, 303);
    };

  app.get<Params>('/impact/appraisals/:id/costs/new', async function showNewCost(request, reply) {
    return showCost(request, reply, await load(request));
  });
  app.post<Params>('/impact/appraisals/:id/costs/new', submitCost());
  app.get<LineParams>('/impact/appraisals/:id/costs/:line', async function showEditCost(request, reply) {
    const a = await load(request);
    const line = a.document.costs.find((c) => c.id === lineParam(request.params.line, 'cost line'));
    if (!line) return reply.callNotFound();
    return showCost(request, reply, a, { line });
  });
  app.post<LineParams>('/impact/appraisals/:id/costs/:line', async (request, reply) =>
    submitCost(lineParam(request.params.line, 'cost line'))(request, reply),
  );
  app.post<LineParams>('/impact/appraisals/:id/costs/:line/remove', async function removeCostLine(request, reply) {
    const a = await load(request);
    const parsed = parseForm(noFields, request.body);
    if (!parsed.ok) return showEdit(request, reply.code(422), { detailErrors: parsed.errors });
    await appraisals.removeCost(
      actionContext(request),
      request.user!.id,
      a.id,
      lineParam(request.params.line, 'cost line'),
    );
    return reply.redirect(`${paths.editAppraisal(a.id)}?saved=removed#costs`, 303);
  });

  // ---- Volunteer time as an in-kind input ----
  const showVolunteer = async (
    request: FastifyRequest<Params>,
    reply: FastifyReply,
    a: Appraisal,
    errors?: FormErrors,
    v?: Record<string, unknown>,
  ) => {
    const period = lastTwelveMonths();
    const values = v ?? {
      ...period,
      hourlyRate: String(defaultVolunteerHourlyRate.pounds),
      year: '0',
      confidenceGrade: '3',
    };
    return reply.render('impact/views/volunteer-time.njk', {
      paths,
      appraisal: a,
      errors,
      values,
      rateSource: defaultVolunteerHourlyRate.source,
      gradeItems: gradeItems(values.confidenceGrade),
      maxYear: yearsOf(a.document) - 1,
    });
  };
  app.get<Params>('/impact/appraisals/:id/volunteer-time', async function showVolunteerTime(request, reply) {
    return showVolunteer(request, reply, await load(request));
  });
  app.post<Params>('/impact/appraisals/:id/volunteer-time', async function submitVolunteerTime(request, reply) {
    const a = await load(request);
    const user = request.user!;
    return handleForm(
      reply,
      volunteerTimeFormSchema,
      request.body,
      async (d) => {
        if (d.year! >= yearsOf(a.document))
          throw new Invalid([
            {
              field: 'year',
              message: `The year must be within the appraisal period (0 to ${yearsOf(a.document) - 1})`,
            },
          ]);
        const hours = await appraisals.volunteerHours(request.place.id, { from: d.from, to: d.to }, a.projectId);
        if (!(hours > 0))
          throw new Invalid([
            {
              field: 'from',
              message: `No volunteer hours were recorded from ${d.from} to ${d.to}. Choose another period.`,
            },
          ]);
        await appraisals.putCost(actionContext(request), user.id, a.id, {
          name: `Volunteer time, ${d.from} to ${d.to}`,
          category: 'inKind',
          agency: 'Volunteers',
          confidenceGrade: d.confidenceGrade as CostLine['confidenceGrade'],
          source: `Volunteer hours recorded in Commonground, ${d.from} to ${d.to}, valued at ${moneyExact(d.hourlyRate / 100)} an hour`,
          amounts: [{ year: d.year!, hours, hourlyRate: d.hourlyRate / 100 }],
        });
        return `${paths.editAppraisal(a.id)}?saved=volunteer-time#costs`;
      },
      (errors, v) => showVolunteer(request, reply, a, errors, v),
    );
  });

  // ---- Benefit lines ----
  const showBenefit = async (
    request: FastifyRequest<Params>,
    reply: FastifyReply,
    a: Appraisal,
    state: { errors?: FormErrors; values?: Record<string, unknown>; line?: BenefitLine } = {},
  ) => {
    const line = state.line;
    const link = line ? a.links.benefits[line.id] : undefined;
    const period = lastTwelveMonths();
    const v: Record<string, unknown> =
      state.values ??
      (line
        ? {
            name: line.name,
            valueSource: line.valueId ? 'library' : 'typed',
            valueId: line.valueId ?? '',
            unitValue: line.valueId ? '' : String(line.unitValue),
            unitPriceYear: line.valueId ? '' : String(line.unitValuePriceYear ?? a.document.priceYear),
            valueType: line.valueType,
            agency: line.valueId ? '' : line.agency,
            source: line.valueId ? '' : (line.source ?? ''),
            cohortSource: line.cohort.source,
            cohortSize: line.cohort.source === 'typed' ? String(line.cohort.size) : '',
            cohortMeasure: line.cohort.source === 'participation' ? line.cohort.measure : '',
            cohortFrom: link?.cohort?.from ?? period.from,
            cohortTo: link?.cohort?.to ?? period.to,
            engagementRate: pct(line.engagementRate, 1),
            successRate: pct(line.successRate, 1),
            deadweight: pct(line.deadweight, 0),
            displacement: pct(line.displacement, 0),
            attribution: pct(line.attribution, 0),
            dropOff: pct(line.dropOff, 0),
            lagYears: String(line.lagYears ?? 0),
            durationYears: String(line.durationYears),
            confidenceGrade: String(line.confidenceGrade),
          }
        : {
            valueSource: 'library',
            cohortSource: 'participation',
            cohortMeasure: 'regularParticipants',
            cohortFrom: period.from,
            cohortTo: period.to,
            engagementRate: '100',
            successRate: '100',
            deadweight: '0',
            displacement: '0',
            attribution: '0',
            dropOff: '0',
            lagYears: '0',
            durationYears: '1',
            unitPriceYear: String(a.document.priceYear),
          });
    const library = await values.list(request.place.id, a.document.priceYear);
    return reply.render('impact/views/benefit-form.njk', {
      paths,
      appraisal: a,
      line,
      action: line ? paths.benefit(a.id, line.id) : paths.newBenefit(a.id),
      errors: state.errors,
      values: v,
      valueItems: [
        { value: '', text: 'Choose a value' },
        ...library.map((x) => ({
          value: x.id,
          text: `${x.code ? `${x.code}: ` : ''}${x.description.slice(0, 90)} (${moneyExact(x.valuePence / 100)}, ${x.priceYearLabel} prices; ${x.licence})`,
          selected: v.valueId === x.id,
        })),
      ],
      valueSourceItems: [
        { value: 'library', text: 'From the value library', checked: v.valueSource === 'library' },
        { value: 'typed', text: 'Type a value in', checked: v.valueSource === 'typed' },
      ],
      typeItems: [
        ...(v.valueSource === 'library' || !v.valueSource
          ? [{ value: '', text: 'As in the library', checked: !v.valueType }]
          : []),
        ...valueTypes.map((t) => ({
          value: t,
          text: valueTypeLabels[t],
          hint: { text: valueTypeHints[t] },
          checked: v.valueType === t,
        })),
      ],
      cohortSourceItems: [
        { value: 'participation', text: 'From participation records', checked: v.cohortSource === 'participation' },
        { value: 'typed', text: 'Type a number in', checked: v.cohortSource === 'typed' },
      ],
      measureItems: cohortMeasures.map((m) => ({
        value: m,
        text: cohortMeasureLabels[m],
        checked: v.cohortMeasure === m,
      })),
      gradeItems: gradeItems(v.confidenceGrade),
      explanations: adjustmentExplanations,
    });
  };

  const submitBenefit = (lineId?: string) =>
    async function submitBenefitLine(request: FastifyRequest<Params>, reply: FastifyReply) {
      const a = await load(request);
      const user = request.user!;
      const line = lineId === undefined ? undefined : a.document.benefits.find((b) => b.id === lineId);
      if (lineId !== undefined && !line) return reply.callNotFound();
      return handleForm(
        reply,
        benefitFormSchema,
        request.body,
        async (d) => {
          let unit: Pick<
            BenefitLine,
            'unitValue' | 'valueType' | 'agency' | 'source' | 'valueId' | 'unitValuePriceYear'
          >;
          if ('valueId' in d.unit) {
            const lib = await values.find(request.place.id, d.unit.valueId).catch(() => {
              throw new Invalid([{ field: 'valueId', message: 'Choose a value from the library' }]);
            });
            unit = {
              unitValue: lib.valuePence / 100,
              valueType: d.unit.valueType ?? lib.valueType,
              agency: lib.agency,
              valueId: lib.id,
              source: `${lib.source} Licence: ${lib.licence}. ${lib.attribution}`.slice(0, 2000),
              ...(lib.priceYear !== a.document.priceYear ? { unitValuePriceYear: lib.priceYear } : {}),
            };
          } else {
            unit = {
              unitValue: d.unit.unitValuePence / 100,
              valueType: d.unit.valueType,
              agency: d.unit.agency,
              source: d.unit.source,
              ...(d.unit.priceYear !== a.document.priceYear ? { unitValuePriceYear: d.unit.priceYear } : {}),
            };
          }
          const cohort: BenefitLine['cohort'] =
            d.cohort.source === 'typed'
              ? { source: 'typed', size: d.cohort.size }
              : { source: 'participation', measure: d.cohort.measure, period: `${d.cohort.from} to ${d.cohort.to}` };
          await appraisals.putBenefit(
            actionContext(request),
            user.id,
            a.id,
            {
              name: d.name,
              cohort,
              engagementRate: d.engagementRate,
              successRate: d.successRate,
              ...unit,
              deadweight: d.deadweight,
              displacement: d.displacement,
              attribution: d.attribution,
              dropOff: d.dropOff,
              lagYears: d.lagYears,
              durationYears: d.durationYears,
              confidenceGrade: d.confidenceGrade,
            },
            {
              ...(unit.valueId ? { valueId: unit.valueId } : {}),
              ...(d.cohort.source === 'participation'
                ? { cohort: { metric: d.cohort.measure, from: d.cohort.from, to: d.cohort.to } }
                : {}),
            },
            line?.id,
          );
          return `${paths.editAppraisal(a.id)}?saved=benefit#benefits`;
        },
        (errors, v) => showBenefit(request, reply, a, { errors, values: v, ...(line ? { line } : {}) }),
      );
    };

  app.get<Params>('/impact/appraisals/:id/benefits/new', async function showNewBenefit(request, reply) {
    return showBenefit(request, reply, await load(request));
  });
  app.post<Params>('/impact/appraisals/:id/benefits/new', submitBenefit());
  app.get<LineParams>('/impact/appraisals/:id/benefits/:line', async function showEditBenefit(request, reply) {
    const a = await load(request);
    const line = a.document.benefits.find((b) => b.id === lineParam(request.params.line, 'benefit line'));
    if (!line) return reply.callNotFound();
    return showBenefit(request, reply, a, { line });
  });
  app.post<LineParams>('/impact/appraisals/:id/benefits/:line', async (request, reply) =>
    submitBenefit(lineParam(request.params.line, 'benefit line'))(request, reply),
  );
  app.post<LineParams>(
    '/impact/appraisals/:id/benefits/:line/remove',
    async function removeBenefitLine(request, reply) {
      const a = await load(request);
      const parsed = parseForm(noFields, request.body);
      if (!parsed.ok) return showEdit(request, reply.code(422), { detailErrors: parsed.errors });
      await appraisals.removeBenefit(
        actionContext(request),
        request.user!.id,
        a.id,
        lineParam(request.params.line, 'benefit line'),
      );
      return reply.redirect(`${paths.editAppraisal(a.id)}?saved=removed#benefits`, 303);
    },
  );

  // ---- Results, summary, CSV, JSON, history ----
  const calculated = async (request: FastifyRequest<Params>) => {
    const a = await load(request);
    const calc = await appraisals.calculate(request.place.id, a);
    const ids = a.document.benefits.map((b) => b.valueId).filter((x): x is string => Boolean(x));
    const credits = new Map<string, ValueCredit>(
      (
        await values.byIds(
          request.place.id,
          ids.filter((i) => /^[0-9a-f-]{36}$/i.test(i)),
        )
      ).map((v) => [v.id, v]),
    );
    return { a, calc, credits };
  };

  const showResults = (template: string) =>
    async function showAppraisalResults(request: FastifyRequest<Params>, reply: FastifyReply) {
      const { a, calc, credits } = await calculated(request);
      return reply.render(template, {
        paths,
        appraisal: a,
        doc: calc.document,
        scopeLabel: scopeLabels[a.scope],
        calc,
        view: calc.ok ? resultsView(calc.document, calc.result, credits, calc.cohorts) : null,
        cohortProblems: calc.cohorts.filter((c) => c.problem),
        imported: (request.query as Record<string, unknown>).imported,
        percent,
      });
    };
  app.get<Params>('/impact/appraisals/:id', showResults('impact/views/results.njk'));
  app.get<Params>('/impact/appraisals/:id/summary', showResults('impact/views/summary.njk'));

  app.get<Params>('/impact/appraisals/:id/results.csv', async function downloadResultsCsv(request, reply) {
    const { a, calc } = await calculated(request);
    if (!calc.ok)
      return reply
        .code(422)
        .type('text/plain; charset=utf-8')
        .send('The appraisal cannot be calculated yet: see its results page.');
    const r = calc.result;
    const tables = [
      headlineTable(r),
      valueTypeTable(r),
      agencyTable(r),
      yearsTable(r),
      scenariosTable(r),
      sensitivityTable(r),
      cumulativeTable(r),
    ];
    const body = tables.map((t) => `${toCsv({ head: [t.caption], rows: [] })}${toCsv(t)}`).join('\r\n');
    const name = `appraisal-${a.title}-v${a.version}.csv`.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 120);
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${name}"`)
      .header('cache-control', 'no-store')
      .send(body);
  });

  app.get<Params>('/impact/appraisals/:id/appraisal.json', async function downloadAppraisalJson(request, reply) {
    const { a, calc } = await calculated(request);
    // The file carries the participation figures as they were resolved now, so it computes on its own.
    const file = { $schema: paths.schema, ...calc.document };
    const name = `appraisal-${a.title}-v${a.version}.json`.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 120);
    return reply
      .type('application/json; charset=utf-8')
      .header('content-disposition', `attachment; filename="${name}"`)
      .header('cache-control', 'no-store')
      .send(JSON.stringify(file, null, 2));
  });

  app.get<Params>('/impact/appraisals/:id/history', async function showAppraisalHistory(request, reply) {
    const a = await load(request);
    const versions = await appraisals.versions(request.place.id, a.id);
    return reply.render('impact/views/history.njk', { paths, appraisal: a, versions });
  });
}
