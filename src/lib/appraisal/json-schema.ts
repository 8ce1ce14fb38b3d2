import { z } from 'zod';
import { appraisalDocumentSchema } from './schema.js';

/** The schema's identifier (a URN: the project has no fixed web address to publish it at). */
export const APPRAISAL_SCHEMA_ID = 'urn:commonground:schema:appraisal:1';

/**
 * The JSON Schema (draft 2020-12) of an appraisal file, generated from the zod schema the code
 * validates with. `appraisal.schema.json` beside this file is this object, committed; a test keeps
 * them equal. Cross-field rules (unique ids, band order, all six grades) are checked in code only.
 */
export function appraisalJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(appraisalDocumentSchema, { target: 'draft-2020-12', io: 'input' });
  const { $schema, ...rest } = generated;
  return { $schema, $id: APPRAISAL_SCHEMA_ID, ...rest };
}
