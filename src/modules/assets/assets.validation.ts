import { z } from 'zod';
import { idField, lineText, longText, optionalIdField, plainText } from '../../platform/fields.js';
import { assetCategories } from './assets.schema.js';

/** An asset suggested or added on the form: what it is, what it offers, where and how to reach it. */
export const assetFormSchema = z.strictObject({
  name: plainText('the name of the asset', 120),
  category: z.enum(assetCategories, { error: 'Choose what kind of asset it is' }),
  offers: longText('what it offers', 2000, true),
  areaId: optionalIdField('Select a ward from the list'),
  address: longText('the address', 300),
  contact: lineText('how to get in touch', 200, false),
  openingTimes: longText('the opening times', 1000),
  accessibility: longText('the accessibility information', 2000),
});
export type AssetInput = z.output<typeof assetFormSchema>;

export const declineAssetSchema = z.strictObject({
  reason: longText('the reason for declining', 1000, true),
});

/** Filters on the register (a GET form): anything unrecognised is ignored, not an error. */
export const assetFilterQuery = z.object({
  category: z.enum(assetCategories).optional().catch(undefined),
  ward: idField().optional().catch(undefined),
});
