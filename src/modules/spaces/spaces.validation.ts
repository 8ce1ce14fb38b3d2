import { z } from 'zod';
import { longText, optionalIdField, plainText } from '../../platform/fields.js';
import { spaceKinds } from './spaces.schema.js';

export const MAX_CAPACITY = 10000;

const kindField = z.enum(spaceKinds, { error: 'Choose what kind of space it is' });
const nameField = plainText('the name of the space', 120);
const addressField = longText('the address', 300);
const itemField = plainText('each item of equipment', 100);

/** Checks shared by the form and the API: a place you can go to needs an address. */
function needsAddress(v: { kind: string; address: string }, ctx: z.RefinementCtx) {
  if (v.kind !== 'online' && !v.address)
    ctx.addIssue({ code: 'custom', path: ['address'], message: 'Enter the address of the space' });
}

export const spaceFormSchema = z
  .strictObject({
    name: nameField,
    kind: kindField,
    address: addressField,
    areaId: optionalIdField('Select a ward from the list'),
    capacity: z
      .string()
      .trim()
      .optional()
      .transform((v, ctx) => {
        if (!v) return null;
        const n = /^\d{1,6}$/.test(v) ? Number(v) : NaN;
        if (!(n >= 1 && n <= MAX_CAPACITY)) {
          ctx.addIssue({ code: 'custom', message: `Capacity must be a whole number from 1 to ${MAX_CAPACITY}` });
          return z.NEVER;
        }
        return n;
      }),
    openingTimes: longText('the opening times', 1000),
    accessibility: longText('the accessibility information', 2000),
    equipment: longText('the equipment', 5000).transform((v, ctx) => {
      const items = v
        .split('\n')
        .map((s) => s.trim())
        .filter(Boolean);
      if (items.length > 50) {
        ctx.addIssue({ code: 'custom', message: 'List up to 50 items of equipment' });
        return z.NEVER;
      }
      for (const item of items) {
        const r = itemField.safeParse(item);
        if (!r.success) {
          ctx.addIssue({ code: 'custom', message: r.error.issues[0]!.message });
          return z.NEVER;
        }
      }
      return items;
    }),
  })
  .superRefine(needsAddress);
export type SpaceForm = z.output<typeof spaceFormSchema>;

export const createSpaceApiSchema = z
  .strictObject({
    name: nameField,
    kind: kindField,
    address: addressField,
    ward: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,20}$/, 'The ward must be an area code')
      .optional()
      .meta({ description: 'The code of the ward the space is in' }),
    capacity: z
      .number({ error: 'Capacity must be a number' })
      .int('Capacity must be a whole number')
      .min(1, 'Capacity must be at least 1')
      .max(MAX_CAPACITY, `Capacity must be at most ${MAX_CAPACITY}`)
      .nullable()
      .optional(),
    openingTimes: longText('the opening times', 1000),
    accessibility: longText('the accessibility information', 2000),
    equipment: z.array(itemField).max(50, 'List up to 50 items of equipment').default([]),
  })
  .superRefine(needsAddress)
  .meta({ id: 'NewSpace', description: 'A space to add (officer or admin token)' });

export type SpaceInput = SpaceForm;
