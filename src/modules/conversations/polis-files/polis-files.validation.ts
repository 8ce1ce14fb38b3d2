import { z } from 'zod';
import { hasControlCharacters } from '../../../platform/fields.js';

/** Largest accepted file: Polis's biggest open exports have a few million votes (about 100 MB). */
export const IMPORT_FILE_MAX_BYTES = 100 * 1024 * 1024;

/** The text fields of the import form (the three files are read apart from them). */
export const importDetailsSchema = z.strictObject({
  question: z
    .string()
    .optional()
    .transform((s) => (s ?? '').replace(/\s+/g, ' ').trim())
    .pipe(
      z
        .string()
        .max(500, 'The question must be 500 characters or fewer')
        .refine((s) => !hasControlCharacters(s), 'The question must not contain control characters'),
    ),
  licence: z
    .string({ error: 'Enter the licence of the data, for example CC BY 4.0' })
    .transform((s) => s.trim())
    .pipe(
      z
        .string()
        .min(1, 'Enter the licence of the data, for example CC BY 4.0')
        .max(200, 'The licence must be 200 characters or fewer'),
    ),
  attribution: z
    .string({ error: 'Enter the attribution the licence asks for' })
    .transform((s) => s.replace(/\r\n?/g, '\n').trim())
    .pipe(
      z
        .string()
        .min(1, 'Enter the attribution the licence asks for')
        .max(5000, 'The attribution must be 5,000 characters or fewer')
        .refine(
          (s) => !hasControlCharacters(s, { multiline: true }),
          'The attribution must not contain control characters',
        ),
    ),
  sourceUrl: z
    .string()
    .optional()
    .transform((s) => (s ?? '').trim())
    .pipe(
      z
        .string()
        .max(1000, 'The source address must be 1,000 characters or fewer')
        .refine(
          (s) => s === '' || /^https?:\/\/[^\s]+$/i.test(s),
          'Enter the source as a web address starting with https://',
        ),
    ),
});

/** The text fields of the import form, checked. */
export type ImportDetails = { question: string; licence: string; attribution: string; sourceUrl: string | null };

/** A file's text, or why it cannot be read. */
export function fileText(value: unknown, name: string, required: boolean): { text: string | null; error?: string } {
  if (!Buffer.isBuffer(value) || value.length === 0)
    return required ? { text: null, error: `Choose the ${name} file from the Polis export` } : { text: null };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(value) };
  } catch {
    return { text: null, error: `${name} must be a CSV file saved as UTF-8` };
  }
}
