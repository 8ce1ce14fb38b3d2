import { z } from 'zod';
import { idField, lineText, longText, optionalIdField, plainText } from '../../platform/fields.js';

/** A web address the group publishes: http or https only, so a link can never run script. */
const website = lineText('the website', 200, false).refine(
  (s) => s === '' || /^https?:\/\/[^\s/$.?#][^\s]*$/i.test(s),
  'Enter the website as a full address, starting https://',
);

/** A group started or changed on the form: what it is called, what it does, where, and how to reach it. */
export const groupFormSchema = z.strictObject({
  name: plainText('the name of the group', 120),
  description: longText('what the group does', 2000, true),
  wardId: optionalIdField('Select a ward from the list'),
  contact: lineText('how to contact the group', 200),
  website,
});
export type GroupInput = z.output<typeof groupFormSchema>;

/** The member a lead hands the lead to (or shares it with). */
export const makeLeadSchema = z.strictObject({
  memberId: idField('Choose a member from the list'),
});

/** The project a lead links to, or unlinks from, the group. */
export const projectLinkSchema = z.strictObject({
  projectId: idField('Choose a project from the list'),
});

/** Filters on the list (a GET form): anything unrecognised is ignored, not an error. */
export const groupFilterQuery = z.object({
  ward: idField().optional().catch(undefined),
});
