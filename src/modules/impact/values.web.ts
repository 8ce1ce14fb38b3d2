import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { actionContext } from '../../platform/auth.js';
import { Invalid } from '../../platform/errors.js';
import { handleForm, parseForm, toFormErrors, type FormErrors } from '../../platform/forms.js';
import { GMCA_MAX_BYTES, gmcaThemes, type GmcaProblem } from './impact.gmca.js';
import { impactPaths as paths } from './impact.paths.js';
import { impactPermissions } from './impact.permissions.js';
import { valueTypes } from './impact.schema.js';
import {
  confidenceGradeLabels,
  deflatorFormSchema,
  optimismBiasFormSchema,
  parseDeflatorLines,
  valueFormSchema,
  valueTypeHints,
  valueTypeLabels,
} from './impact.validation.js';
import { moneyExact, percent } from './impact.view-models.js';
import type { AppraisalsService } from './appraisals.service.js';
import type { FrameworksService } from './frameworks.service.js';
import type { ValuesService } from './values.service.js';

const uploadSchema = z.strictObject({ workbook: z.unknown().optional() });
const confirmSchema = z.strictObject({
  workbook: z
    .string()
    .min(1, 'The workbook is missing.')
    .max(Math.ceil((GMCA_MAX_BYTES * 4) / 3) + 8, 'The workbook is too large.'),
});
const yearQuery = z.object({
  priceYear: z
    .string()
    .regex(/^\d{4}$/)
    .optional()
    .catch(undefined),
});

export const gradeItems = (selected: unknown) =>
  [1, 2, 3, 4, 5, 6].map((g) => ({
    value: String(g),
    text: confidenceGradeLabels[g],
    checked: String(selected) === String(g),
  }));

/** The impact home page, the value library (with the GMCA import), and the deflator and optimism-bias settings. */
export async function valuesWeb(
  app: FastifyInstance,
  deps: { values: ValuesService; frameworks: FrameworksService; appraisals: AppraisalsService },
) {
  const { values } = deps;
  await app.register(fastifyMultipart, {
    attachFieldsToBody: 'keyValues',
    limits: { files: 1, fileSize: GMCA_MAX_BYTES, fields: 3, fieldSize: 1024, parts: 4 },
  });

  app.get(paths.home, async function showImpactHome(request, reply) {
    impactPermissions.requireOfficer(request);
    const placeId = request.place.id;
    await values.ensureStarted(placeId);
    const [frameworks, appraisals, library] = await Promise.all([
      deps.frameworks.list(placeId),
      deps.appraisals.list(placeId),
      values.list(placeId, new Date().getUTCFullYear()),
    ]);
    return reply.render('impact/views/home.njk', { paths, frameworks, appraisals, valueCount: library.length });
  });

  app.get(paths.values, async function showValueLibrary(request, reply) {
    impactPermissions.requireOfficer(request);
    const q = yearQuery.parse(request.query ?? {});
    const thisYear = new Date().getUTCFullYear();
    const toYear = q.priceYear ? Math.min(2100, Math.max(1990, Number(q.priceYear))) : thisYear - 1;
    const [list, settings] = await Promise.all([
      values.list(request.place.id, toYear),
      values.settings(request.place.id),
    ]);
    return reply.render('impact/views/values.njk', {
      paths,
      toYear,
      settings,
      values: list.map((v) => ({
        ...v,
        typeLabel: valueTypeLabels[v.valueType],
        valueText: moneyExact(v.valuePence / 100),
        upratedText: v.upratedPounds === null ? null : moneyExact(v.upratedPounds),
      })),
      imported: (request.query as Record<string, unknown>).imported,
      added: (request.query as Record<string, unknown>).added,
    });
  });

  const showNewValue = (reply: FastifyReply, errors?: FormErrors, formValues: Record<string, unknown> = {}) =>
    reply.render('impact/views/value-new.njk', {
      paths,
      errors,
      values: formValues,
      typeItems: valueTypes.map((t) => ({
        value: t,
        text: valueTypeLabels[t],
        hint: { text: valueTypeHints[t] },
        checked: formValues.valueType === t,
      })),
      gradeItems: gradeItems(formValues.confidenceGrade),
    });

  app.get(paths.newValue, async function showNewValueForm(request, reply) {
    impactPermissions.requireOfficer(request);
    return showNewValue(reply);
  });
  app.post(paths.newValue, async function submitNewValue(request, reply) {
    const user = impactPermissions.requireOfficer(request);
    return handleForm(
      reply,
      valueFormSchema,
      request.body,
      async (data) => {
        const v = await values.add(actionContext(request), user.id, data);
        return `${paths.values}?added=${v.id}`;
      },
      (errors, v) => showNewValue(reply, errors, v),
    );
  });

  // GMCA Unit Cost Database: upload, a row-by-row report, then a confirm step.
  const showImport = (reply: FastifyReply, state: { errors?: FormErrors; problems?: GmcaProblem[] } = {}) =>
    reply.render('impact/views/values-import.njk', {
      paths,
      themes: gmcaThemes,
      errors: state.errors,
      problems: state.problems?.slice(0, 500),
      moreProblems: Math.max(0, (state.problems?.length ?? 0) - 500),
    });

  app.get(paths.importValues, async function showGmcaImport(request, reply) {
    impactPermissions.requireOfficer(request);
    return showImport(reply);
  });

  app.post(
    paths.importValues,
    { bodyLimit: GMCA_MAX_BYTES + 64 * 1024 },
    async function checkGmcaImport(request, reply) {
      impactPermissions.requireOfficer(request);
      const parsed = parseForm(uploadSchema, request.body);
      const file = parsed.ok ? parsed.data.workbook : undefined;
      if (!Buffer.isBuffer(file) || file.length === 0) {
        reply.code(422);
        return showImport(reply, {
          errors: toFormErrors([
            { field: 'workbook', message: 'Choose the Unit Cost Database workbook (.xlsx) to upload' },
          ]),
        });
      }
      const checked = await values.checkGmca(file);
      if (checked.problems.length) {
        reply.code(422);
        const n = checked.problems.length;
        return showImport(reply, {
          errors: toFormErrors([
            {
              field: 'report',
              message: `The workbook has ${n} ${n === 1 ? 'problem' : 'problems'}. Nothing has been imported: fix the workbook and try again.`,
            },
          ]),
          problems: checked.problems,
        });
      }
      return reply.render('impact/views/values-import-confirm.njk', {
        paths,
        sheets: checked.sheets,
        total: checked.rows.length,
        sample: checked.rows.slice(0, 20).map((r) => ({ ...r, valueText: moneyExact(r.valuePence / 100) })),
        workbook: file.toString('base64'),
      });
    },
  );

  app.post(
    paths.confirmImport,
    { bodyLimit: Math.ceil((GMCA_MAX_BYTES * 4) / 3) + 64 * 1024 },
    async function confirmGmcaImport(request, reply) {
      const user = impactPermissions.requireOfficer(request);
      const parsed = parseForm(confirmSchema, request.body);
      if (!parsed.ok) {
        reply.code(422);
        return showImport(reply, {
          errors: toFormErrors([
            { field: 'workbook', message: 'The workbook to import was lost. Choose the file again.' },
          ]),
        });
      }
      try {
        const result = await values.importGmca(
          actionContext(request),
          user.id,
          Buffer.from(parsed.data.workbook, 'base64'),
        );
        return reply.redirect(`${paths.values}?imported=${result.imported}`, 303);
      } catch (err) {
        if (!(err instanceof Invalid)) throw err;
        const checked = await values.checkGmca(Buffer.from(parsed.data.workbook, 'base64'));
        reply.code(422);
        return showImport(reply, {
          errors: toFormErrors([{ field: 'report', message: 'The workbook has problems. Nothing has been imported.' }]),
          problems: checked.problems,
        });
      }
    },
  );

  // Settings: the deflator series and the optimism-bias table.
  const showSettings = async (
    request: FastifyRequest,
    reply: FastifyReply,
    state: { deflatorErrors?: FormErrors; biasErrors?: FormErrors; values?: Record<string, unknown> } = {},
  ) => {
    const s = await values.settings(request.place.id);
    const v = state.values ?? {};
    return reply.render('impact/views/settings.njk', {
      paths,
      settings: s,
      errors: state.deflatorErrors ?? state.biasErrors,
      deflatorErrors: state.deflatorErrors,
      biasErrors: state.biasErrors,
      series: state.deflatorErrors
        ? String(v.series ?? '')
        : s.deflator.values.map((d) => `${d.year}, ${d.index}`).join('\n'),
      source: state.deflatorErrors ? String(v.source ?? '') : s.deflatorSource,
      grades: s.optimismBias.grades.map((g) => ({
        ...g,
        field: `grade${g.grade}`,
        value: state.biasErrors ? String(v[`grade${g.grade}`] ?? '') : String(Math.round(g.rate * 10_000) / 100),
        label: confidenceGradeLabels[g.grade],
        rateText: percent(g.rate),
      })),
      saved: (request.query as Record<string, unknown>).saved,
    });
  };

  app.get(paths.settings, async function showImpactSettings(request, reply) {
    impactPermissions.requireOfficer(request);
    return showSettings(request, reply);
  });

  app.post(paths.deflators, async function submitDeflators(request, reply) {
    impactPermissions.requireOfficer(request);
    return handleForm(
      reply,
      deflatorFormSchema,
      request.body,
      async (data) => {
        const { series, problems } = parseDeflatorLines(data.series ?? '');
        if (problems.length) throw new Invalid(problems.map((message) => ({ field: 'series', message })));
        await values.saveDeflators(actionContext(request), series, data.source);
        return `${paths.settings}?saved=deflators`;
      },
      (errors, v) => showSettings(request, reply, { deflatorErrors: errors, values: v }),
    );
  });

  app.post(paths.optimismBias, async function submitOptimismBias(request, reply) {
    impactPermissions.requireOfficer(request);
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
        await values.saveOptimismBias(actionContext(request), record);
        return `${paths.settings}?saved=optimism-bias`;
      },
      (errors, v) => showSettings(request, reply, { biasErrors: errors, values: v }),
    );
  });
}
