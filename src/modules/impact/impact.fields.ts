import { z } from 'zod';
import { isCalendarDate } from '../../lib/london-time.js';

/**
 * Form fields the impact features share (money, percentages, price years, grades, days), on top of
 * the platform's text and id fields. Pounds are typed as people write them and stored as pence.
 */

/** "the value" → "The value": these messages keep their article, unlike the platform's `capitalise`. */
const upperFirst = (label: string) => `${label[0]!.toUpperCase()}${label.slice(1)}`;

/** A web address for a source: http(s) only, so a link can never run script. */
export const urlField = z
  .string()
  .trim()
  .max(500, 'The link must be 500 characters or fewer')
  .optional()
  .transform((v, ctx) => {
    if (!v) return null;
    let url: URL;
    try {
      url = new URL(v);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'Enter the link in full, starting with https://' });
      return z.NEVER;
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      ctx.addIssue({ code: 'custom', message: 'The link must start with https:// or http://' });
      return z.NEVER;
    }
    return url.toString();
  });

/** Pounds as typed ("£13,000", "1234.56") to integer pence. */
export function poundsToPence(label: string, opts: { min?: number; max?: number } = {}) {
  const min = opts.min ?? 0;
  const max = opts.max ?? 1_000_000_000;
  return z
    .string({ error: `Enter ${label}` })
    .trim()
    .transform((v, ctx) => {
      const clean = v.replace(/^£/, '').replace(/,/g, '').trim();
      if (clean === '') {
        ctx.addIssue({ code: 'custom', message: `Enter ${label}` });
        return z.NEVER;
      }
      if (!/^\d{1,12}(\.\d{1,2})?$/.test(clean)) {
        ctx.addIssue({
          code: 'custom',
          message: `${upperFirst(label)} must be an amount in pounds, like 13000 or 12.50`,
        });
        return z.NEVER;
      }
      const pence = Math.round(Number(clean) * 100);
      if (pence < min * 100 || pence > max * 100) {
        ctx.addIssue({
          code: 'custom',
          message: `${upperFirst(label)} must be between £${min.toLocaleString('en-GB')} and £${max.toLocaleString('en-GB')}`,
        });
        return z.NEVER;
      }
      return pence;
    });
}

/** A price year as sources write it: "2019", or a financial year "2010/11" or "2010-11" (stored as 2010). */
export function parsePriceYear(text: string): { year: number; label: string } | null {
  const t = text.trim();
  const single = /^(\d{4})$/.exec(t);
  const fy = /^(\d{4})\s*[/-]\s*(\d{2}|\d{4})$/.exec(t);
  let year: number;
  let label: string;
  if (single) {
    year = Number(single[1]);
    label = String(year);
  } else if (fy) {
    year = Number(fy[1]);
    const next = fy[2]!.length === 2 ? Number(fy[2]) : Number(fy[2]) % 100;
    if (next !== (year + 1) % 100) return null;
    label = `${year}/${String(next).padStart(2, '0')}`;
  } else return null;
  if (year < 1990 || year > 2100) return null;
  return { year, label };
}

export const priceYearField = z
  .string({ error: 'Enter the price year' })
  .trim()
  .transform((v, ctx) => {
    const p = parsePriceYear(v);
    if (!p) {
      ctx.addIssue({
        code: 'custom',
        message: 'Enter the price year as a year like 2019, or a financial year like 2010/11',
      });
      return z.NEVER;
    }
    return p;
  });

/** A confidence grade from 1 (robust data) to 6 (an untested assumption). */
export const gradeField = z
  .enum(['1', '2', '3', '4', '5', '6'], { error: 'Choose a confidence grade from 1 to 6' })
  .transform((g) => Number(g) as 1 | 2 | 3 | 4 | 5 | 6);

/** A whole number typed in a form, within bounds; blank is null when not required. */
export function wholeNumber(label: string, min: number, max: number, required = true) {
  return z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (!v) {
        if (!required) return null;
        ctx.addIssue({ code: 'custom', message: `Enter ${label}` });
        return z.NEVER;
      }
      if (!/^-?\d{1,9}$/.test(v.replace(/,/g, ''))) {
        ctx.addIssue({ code: 'custom', message: `${upperFirst(label)} must be a whole number` });
        return z.NEVER;
      }
      const n = Number(v.replace(/,/g, ''));
      if (n < min || n > max) {
        ctx.addIssue({
          code: 'custom',
          message: `${upperFirst(label)} must be between ${min.toLocaleString('en-GB')} and ${max.toLocaleString('en-GB')}`,
        });
        return z.NEVER;
      }
      return n;
    });
}

/** A percentage typed in a form ("40" or "40%"), as a fraction. Blank is `blank`. */
export function percentField(label: string, blank: number) {
  return z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      const clean = (v ?? '').replace(/%$/, '').trim();
      if (clean === '') return blank;
      if (!/^-?\d{1,3}(\.\d{1,2})?$/.test(clean)) {
        ctx.addIssue({ code: 'custom', message: `Enter ${label} as a percentage, like 40` });
        return z.NEVER;
      }
      const n = Number(clean);
      if (n < 0 || n > 100) {
        ctx.addIssue({ code: 'custom', message: `${upperFirst(label)} must be between 0% and 100%` });
        return z.NEVER;
      }
      return Math.round(n * 100) / 10_000;
    });
}

/** A calendar day typed as YYYY-MM-DD. */
export const dayField = (label: string) =>
  z
    .string()
    .trim()
    .refine(isCalendarDate, { message: `Enter ${label} as a real date, like 2026-03-31` });

/**
 * A notice in a page's query string after a redirect (`?saved=details`): shown when present,
 * ignored when malformed, as a page should not fail over its own banner.
 */
export const notice = z.string().max(200).optional().catch(undefined);
