import type { FastifyReply } from 'fastify';
import type { z } from 'zod';
import { Invalid, type FieldError } from './errors.js';

/** The shape govukErrorSummary and the inline errorMessage options want. */
export type FormErrors = {
  summary: { text: string; href: string }[];
  fields: Record<string, { text: string }>;
};

export type FormResult<T> = { ok: true; data: T } | { ok: false; errors: FormErrors };

/** Fields every form may carry that are not part of its schema. */
const FRAMEWORK_FIELDS = new Set(['_csrf']);

export function toFormErrors(errors: FieldError[]): FormErrors {
  const fields: Record<string, { text: string }> = {};
  const summary: FormErrors['summary'] = [];
  for (const e of errors) {
    if (fields[e.field]) continue; // one message per field: the first is the most basic
    fields[e.field] = { text: e.message };
    summary.push({ text: e.message, href: `#${e.field}` });
  }
  return { summary, fields };
}

/** Zod issues as field errors; unknown fields are named so the user (or tester) sees what was refused. */
export function issuesToFieldErrors(issues: z.core.$ZodIssue[], firstField = 'main-content'): FieldError[] {
  const out: FieldError[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      out.push({
        field: firstField,
        message: `The form sent fields it does not accept: ${issue.keys.join(', ')}. Reload the page and try again.`,
      });
      continue;
    }
    const field = issue.path.length ? issue.path.map(String).join('-') : firstField;
    out.push({ field, message: issue.message });
  }
  return out;
}

/**
 * Validates a submitted HTML form with the same schema the API uses.
 * Repeated fields arrive as arrays; a field a form sends once arrives as a string.
 */
export function parseForm<S extends z.ZodType>(schema: S, body: unknown): FormResult<z.output<S>> {
  const input: Record<string, unknown> = {};
  if (body && typeof body === 'object') {
    for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
      if (!FRAMEWORK_FIELDS.has(k)) input[k] = v;
    }
  }
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, data: result.data };
  return { ok: false, errors: toFormErrors(issuesToFieldErrors(result.error.issues)) };
}

/** Submitted values to show again in a re-rendered form: never passwords or the CSRF token. */
export function echoValues(body: unknown): Record<string, unknown> {
  if (!body || typeof body !== 'object') return {};
  return Object.fromEntries(
    Object.entries(body as Record<string, unknown>).filter(
      ([k, v]) => k !== '_csrf' && !/password/i.test(k) && (typeof v === 'string' || Array.isArray(v)),
    ),
  );
}

type Rerender = (errors: FormErrors, values: Record<string, unknown>) => unknown;

/**
 * The house pattern for a form post: validate with the shared schema, run the use case,
 * answer 303 to the next page; on a schema or domain validation error, re-render with 422.
 * `action` returns the path to redirect to.
 */
export async function handleForm<S extends z.ZodType>(
  reply: FastifyReply,
  schema: S,
  body: unknown,
  action: (data: z.output<S>) => Promise<string>,
  rerender: Rerender,
): Promise<unknown> {
  const parsed = parseForm(schema, body);
  if (!parsed.ok) {
    reply.code(422);
    return rerender(parsed.errors, echoValues(body));
  }
  let next: string;
  try {
    next = await action(parsed.data);
  } catch (err) {
    if (err instanceof Invalid) {
      reply.code(422);
      return rerender(toFormErrors(err.errors), echoValues(body));
    }
    throw err;
  }
  return reply.redirect(next, 303);
}
