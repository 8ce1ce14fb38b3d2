import { z } from 'zod';

/**
 * The form fields every module shares, and one policy on control characters. Forms and API
 * bodies use the same fields, so a person and a program get the same rules and messages.
 */

/** Control characters a one-line field refuses: C0 controls (tab and line breaks included) and DEL. */
// eslint-disable-next-line no-control-regex
const CONTROL_IN_LINE = /[\u0000-\u001f\u007f]/;
/** Control characters a multi-line field refuses: the same, less tab and line feed (CR LF is folded to LF first). */
// eslint-disable-next-line no-control-regex
const CONTROL_IN_TEXT = /[\u0000-\u0008\u000b-\u001f\u007f]/;

/** True when one-line text holds a control character (tab and line breaks count). */
export function hasControlCharacters(text: string, { multiline = false } = {}): boolean {
  return (multiline ? CONTROL_IN_TEXT : CONTROL_IN_LINE).test(text);
}

/** "a title" → "Title", "the name" → "The name", for messages that start a sentence. */
export function capitalise(label: string): string {
  return label.replace(/^(a |an |your )?(.)/, (_m, _a, c: string) => c.toUpperCase());
}

/** Text a person types on one line: trimmed, with no markup or control characters (names end up in emails and logs too). */
export function plainText(label: string, max: number) {
  return z
    .string({ error: `Enter ${label}` })
    .trim()
    .min(1, `Enter ${label}`)
    .max(max, `${capitalise(label)} must be ${max} characters or fewer`)
    .refine((s) => !/[<>]/.test(s), `${capitalise(label)} must not contain < or >`)
    .refine((s) => !CONTROL_IN_LINE.test(s), `${capitalise(label)} must not contain control characters`);
}

/** One line of free text (escaped when shown, so < and > are allowed): trimmed, limited, no control characters. */
export function lineText(label: string, max: number, required = true) {
  const base = z
    .string({ error: `Enter ${label}` })
    .transform((s) => s.trim())
    .pipe(
      z
        .string()
        .max(max, `${capitalise(label)} must be ${max} characters or fewer`)
        .refine((s) => !CONTROL_IN_LINE.test(s), `${capitalise(label)} must not contain control characters`),
    );
  return required ? base.pipe(z.string().min(1, `Enter ${label}`)) : base.optional().transform((v) => v ?? '');
}

/** Several lines of text: line breaks kept (CR LF folded to LF), trimmed, limited, no other control characters. */
export function longText(label: string, max: number, required = false) {
  const base = z
    .string({ error: `Enter ${label}` })
    .transform((s) => s.replace(/\r\n?/g, '\n').trim())
    .pipe(
      z
        .string()
        .max(max, `${capitalise(label)} must be ${max} characters or fewer`)
        .refine((s) => !CONTROL_IN_TEXT.test(s), `${capitalise(label)} must not contain control characters`),
    );
  return required ? base.pipe(z.string().min(1, `Enter ${label}`)) : base.optional().transform((v) => v ?? '');
}

/**
 * An id the service issued. PostgreSQL's uuid type accepts any 8-4-4-4-12 hex string, and so does
 * this: the demo's ids (and any imported ones) need not carry an RFC 4122 version, and the app
 * must accept every id it issues. Lower-cased, so comparisons hold.
 */
export const ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An id field; `message` is the error a person sees for anything else ("Choose a space from the list"). */
export function idField(message = 'Enter a valid id') {
  return z
    .string({ error: message })
    .regex(ID_PATTERN, message)
    .transform((s) => s.toLowerCase());
}

/** An optional id from a select, where "" means none chosen. */
export function optionalIdField(message: string) {
  return z
    .union([z.literal(''), idField(message)], { error: message })
    .optional()
    .transform((v) => (v ? v : null));
}

/** An id in a response or OpenAPI document (any 8-4-4-4-12 hex string, see {@link ID_PATTERN}). */
export const idSchema = z.string().regex(ID_PATTERN).meta({ format: 'uuid' });

/**
 * Route parameters that are ids, declared once: `schema: { params: idParams }`. A value that
 * is not an id is answered 404 (nothing lives at that address), not 400 (see error-handler.ts).
 */
export const idParams = z.object({ id: idField('There is nothing at this address') });
