import { z } from 'zod';
import { longText } from '../../platform/fields.js';
import { askReaches, capacityKinds, type CapacityKind } from './capacity.schema.js';

const isKind = (v: string): v is CapacityKind => (capacityKinds as readonly string[]).includes(v);

/**
 * GOV.UK checkboxes of kinds: none ticked sends nothing, one sends a string, several an array.
 * Returned in the catalogue's order, each once.
 */
function kindsField(none: string) {
  return z.preprocess(
    (v: unknown): unknown[] => (v === undefined || v === '' ? [] : Array.isArray(v) ? (v as unknown[]) : [v]),
    z
      .array(z.string(), { error: 'Choose from the list' })
      .max(capacityKinds.length * 2, 'Choose from the list')
      .refine((a) => a.every(isKind), 'Choose from the list')
      .refine((a) => a.length > 0, none)
      .transform((a) => capacityKinds.filter((k) => a.includes(k))),
  );
}

/** A single "yes" checkbox: ticked or not. */
const tick = () =>
  z
    .literal('yes', { error: 'Tick the box or leave it empty' })
    .optional()
    .transform((v) => v === 'yes');

/** A person's offer: what they could share, in their own words, and the two things they agree to. */
export const offerFormSchema = z
  .strictObject({
    kinds: kindsField('Choose at least one thing you could share'),
    description: longText('what you could share', 300, false),
    countInWard: tick(),
    mayBeAsked: tick(),
  })
  .superRefine((o, ctx) => {
    // Kept for neither purpose, an offer would be data held for no reason (UK GDPR, Article 5(1)(c)).
    if (!o.countInWard && !o.mayBeAsked)
      ctx.addIssue({
        code: 'custom',
        path: ['countInWard'],
        message: 'Tick at least one of the two boxes, or withdraw your offer instead',
      });
  });
export type OfferInput = z.output<typeof offerFormSchema>;

/** What a project needs, in the same kinds, and a sentence saying what exactly. */
export const needsFormSchema = z.strictObject({
  kinds: kindsField('Choose at least one thing the project needs'),
  description: longText('what the project needs', 300, true),
});
export type NeedsInput = z.output<typeof needsFormSchema>;

/** An organiser's message to the people who offered what the project needs. */
export const askFormSchema = z.strictObject({
  reach: z.enum(askReaches, { error: 'Choose whom to send your message to' }),
  message: longText('your message', 1000, true),
});
export type AskInput = z.output<typeof askFormSchema>;
