import { z } from 'zod';
import { idField, longText, plainText } from '../../platform/fields.js';
import { projectCategories, projectLeadTypes, projectStages } from './projects.schema.js';

export const MIN_THRESHOLD = 2;
export const MAX_THRESHOLD = 500;

/** Lead types a resident may choose; officers may choose any. */
export const residentLeadTypes = ['resident', 'community_group'] as const;

export const titleField = plainText('a title', 120);
const categoryField = z.enum(projectCategories, { error: 'Choose a category from the list' });
const stageField = z.enum(projectStages, { error: 'Choose a stage from the list' });
const leadTypeField = z.enum(projectLeadTypes, { error: 'Choose who leads the project' });

/** "How many people do you need to start?" as typed in a form: blank for no threshold. */
const thresholdFormField = z
  .string()
  .trim()
  .optional()
  .transform((v, ctx) => {
    if (!v) return null;
    if (!/^\d{1,4}$/.test(v)) {
      ctx.addIssue({ code: 'custom', message: 'The number of people must be a whole number, like 5' });
      return z.NEVER;
    }
    const n = Number(v);
    if (n < MIN_THRESHOLD || n > MAX_THRESHOLD) {
      ctx.addIssue({
        code: 'custom',
        message: `The number of people must be between ${MIN_THRESHOLD} and ${MAX_THRESHOLD}`,
      });
      return z.NEVER;
    }
    return n;
  });

const formFields = {
  title: titleField,
  summary: longText('what the project is', 2000, true),
  why: longText('why it matters', 2000, false),
  category: categoryField,
  areaId: idField('Select the ward where the project happens'),
  needsPeople: z
    .literal('yes', { error: 'Choose whether the project needs people' })
    .optional()
    .transform((v) => v === 'yes'),
  needsSkills: longText('the skills needed', 500, false),
  needsSpace: longText('the space needed', 500, false),
  needsKit: longText('the kit needed', 500, false),
  leadType: leadTypeField,
  threshold: thresholdFormField,
};

/** The "Propose a project" form. */
export const proposeProjectSchema = z.strictObject(formFields);
export type ProposeProjectForm = z.output<typeof proposeProjectSchema>;

/** The edit form: the same fields and the stage. */
export const editProjectSchema = z.strictObject({ ...formFields, stage: stageField });

export const declineSchema = z.strictObject({
  reason: longText('the reason for declining', 1000, true),
});

export const coOrganiserSchema = z.strictObject({
  userId: idField('Choose a member to make co-organiser'),
});

/** Filters on /projects (a GET form): anything unrecognised is ignored, not an error. */
export const listFilterSchema = z.object({
  ward: z
    .string()
    .max(20)
    .regex(/^[A-Za-z0-9_-]*$/)
    .optional()
    .catch(undefined),
  category: categoryField.optional().catch(undefined),
  stage: stageField.optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1).default(1),
});

/** What a project needs, in the API. */
export const needsSchema = z
  .strictObject({
    people: z.boolean().optional(),
    skills: longText('the skills needed', 500, false),
    space: longText('the space needed', 500, false),
    kit: longText('the kit needed', 500, false),
  })
  .meta({ id: 'ProjectNeeds' });

export const createProjectApiSchema = z
  .strictObject({
    title: titleField,
    summary: longText('what the project is', 2000, true),
    why: longText('why it matters', 2000, false),
    category: categoryField,
    ward: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,20}$/, 'The ward must be an area code')
      .meta({ description: 'The code of the ward where the project happens' }),
    needs: needsSchema.optional(),
    stage: stageField.default('idea'),
    leadType: leadTypeField.default('council'),
    threshold: z
      .number({ error: 'The threshold must be a number' })
      .int('The threshold must be a whole number')
      .min(MIN_THRESHOLD, `The threshold must be at least ${MIN_THRESHOLD}`)
      .max(MAX_THRESHOLD, `The threshold must be at most ${MAX_THRESHOLD}`)
      .nullable()
      .optional(),
  })
  .meta({ id: 'NewProject', description: 'A project to publish at once (officer or admin token)' });

/** The fields a project is made of, whoever sends them. */
export type ProjectInput = {
  title: string;
  summary: string;
  why: string;
  category: (typeof projectCategories)[number];
  areaId: string;
  needs: { people?: boolean; skills?: string; space?: string; kit?: string };
  leadType: (typeof projectLeadTypes)[number];
  threshold: number | null;
};

export function formToInput(f: ProposeProjectForm): ProjectInput {
  return {
    title: f.title,
    summary: f.summary,
    why: f.why,
    category: f.category,
    areaId: f.areaId,
    needs: { people: f.needsPeople, skills: f.needsSkills, space: f.needsSpace, kit: f.needsKit },
    leadType: f.leadType,
    threshold: f.threshold,
  };
}
