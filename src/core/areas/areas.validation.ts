import { z } from 'zod';
import { geometryProblem, MAX_POPULATION } from '../../lib/geojson.js';
import { plainText } from '../../platform/fields.js';

/** ONS-style codes (E05000064) and local ones alike; the same rule as the GeoJSON import. */
export const areaCodeField = z
  .string({ error: 'Enter the area code' })
  .regex(/^[A-Za-z0-9_-]{1,20}$/, 'The code must be 1 to 20 letters, digits, hyphens or underscores')
  .meta({ description: 'The area code, for example the ONS code E05000064', example: 'E05000064' });

export const areaKindField = z
  .string()
  .regex(/^[a-z]{2,20}$/, 'The kind must be a lower-case word such as ward or lsoa')
  .meta({ description: 'ward, lsoa, msoa or neighbourhood', example: 'ward' });

export const areaNameField = plainText('the area name', 100);

export const populationField = z
  .number({ error: 'The population must be a number' })
  .int('The population must be a whole number')
  .min(0, 'The population cannot be negative')
  .max(MAX_POPULATION, 'The population is too large');

export const populationYearField = z
  .number({ error: 'The population year must be a number' })
  .int('The population year must be a whole number')
  .min(1800, 'The population year must be 1800 or later')
  .max(2200, 'The population year must be 2200 or earlier');

const position = z.array(z.number()).min(2).max(3);
const ring = z.array(position);

/** The shape of a boundary as data; the geometry rules live in lib/geojson (shared with the file import). */
export const geometrySchema = z
  .discriminatedUnion('type', [
    z.object({ type: z.literal('Polygon'), coordinates: z.array(ring) }),
    z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(ring)) }),
  ])
  .meta({ id: 'AreaBoundary', description: 'A GeoJSON Polygon or MultiPolygon (RFC 7946), WGS84 longitude/latitude' });

/** A boundary from a request: the shape above, then closed rings with positions in range. */
export const boundaryField = geometrySchema.superRefine((g, ctx) => {
  const problem = geometryProblem(g);
  if (problem) ctx.addIssue({ code: 'custom', message: `The boundary is not valid: ${problem}` });
});

export const createAreaSchema = z
  .strictObject({
    code: areaCodeField,
    name: areaNameField,
    kind: areaKindField.default('ward'),
    population: populationField.optional(),
    populationYear: populationYearField.optional(),
    boundary: boundaryField.optional(),
    parentCode: areaCodeField
      .optional()
      .meta({ description: 'The code of the larger area this one lies in (an LSOA’s ward)', example: 'E05000064' }),
  })
  .meta({ id: 'NewArea', description: 'An area to add to the place' });

export const updateAreaSchema = z
  .strictObject({
    name: areaNameField.optional(),
    population: populationField.nullable().optional(),
    populationYear: populationYearField.nullable().optional(),
    boundary: boundaryField.nullable().optional(),
  })
  .refine((v) => Object.keys(v).length > 0, 'Send at least one field to change')
  .meta({ id: 'AreaChanges', description: 'Fields to change; null clears population, population year or boundary' });

export type CreateAreaInput = z.output<typeof createAreaSchema>;
export type UpdateAreaInput = z.output<typeof updateAreaSchema>;
