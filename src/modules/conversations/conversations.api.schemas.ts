import { z } from 'zod';
import { Invalid } from '../../platform/errors.js';
import { ID_PATTERN, idSchema } from '../../platform/fields.js';
import type { Conversation } from './conversations.repository.js';
import { conversationAudiences, conversationStatuses, moderationModes } from './conversations.schema.js';

/** The shapes of /api/v1/conversations: what each route answers (and documents in OpenAPI) and takes. */

export const conversationSchema = z
  .object({
    id: idSchema,
    question: z.string(),
    context: z.string(),
    status: z.enum(conversationStatuses),
    audience: z.enum(conversationAudiences),
    anonymousAllowed: z.boolean(),
    moderation: z.enum(moderationModes),
    opensAt: z.iso.datetime().nullable(),
    closesAt: z.iso.datetime().nullable().meta({ description: 'Votes are refused from this instant' }),
    acceptingVotes: z.boolean(),
    url: z.string().meta({ description: 'The page where people take part' }),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'Conversation', description: 'An honest conversation: a question answered by votes on statements' });

export const conversationDetailSchema = conversationSchema
  .extend({
    participants: z.number().int(),
    votes: z.number().int().meta({ description: 'Votes cast, re-votes included' }),
    statements: z.array(
      z.object({
        number: z.number().int().meta({ description: 'The statement id in the maths and in Polis exports' }),
        text: z.string(),
        isSeed: z.boolean(),
        isMeta: z.boolean(),
        createdAt: z.iso.datetime(),
      }),
    ),
  })
  .meta({ id: 'ConversationDetail', description: 'A conversation with its published statements' });

export const conversationListSchema = z
  .object({
    items: z.array(conversationSchema),
    nextCursor: z
      .string()
      .nullable()
      .meta({ description: 'Pass as `cursor` for the next page; null on the last page' }),
  })
  .meta({ id: 'ConversationList' });

export const listQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,200}$/, 'The cursor is not one this API gave')
    .optional()
    .meta({ description: 'nextCursor from the previous page' }),
});

/** Cursors are opaque to callers: the creation time and id of the last conversation on the page. */
export function encodeCursor(c: Conversation): string {
  return Buffer.from(`${c.createdAt.toISOString()}|${c.id}`).toString('base64url');
}
export function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  const createdAt = new Date(at ?? '');
  if (!id || Number.isNaN(createdAt.getTime()) || !ID_PATTERN.test(id))
    throw new Invalid([{ field: 'cursor', message: 'The cursor is not one this API gave' }]);
  return { createdAt, id };
}

const statementResult = z.looseObject({ statementId: z.number().int().meta({ description: 'The statement number' }) });
export const analysisSchema = z
  .object({
    conversationId: idSchema,
    computedAt: z.iso.datetime(),
    voteCount: z.number().int().meta({ description: 'Votes (re-votes included) the analysis saw' }),
    upToDate: z.boolean().meta({ description: 'False when votes have been cast since; a recompute is queued' }),
    participants: z.number().int(),
    inConv: z.number().int().meta({ description: 'Participants with enough votes to be grouped' }),
    groups: z.array(
      z.object({
        id: z.number().int(),
        members: z.array(z.string()).meta({ description: 'Participant numbers' }),
        center: z.tuple([z.number(), z.number()]),
      }),
    ),
    repness: z.record(z.string(), z.array(statementResult)),
    consensus: z.object({ agree: z.array(statementResult), disagree: z.array(statementResult) }),
    groupAwareConsensus: z.object({
      agree: z.record(z.string(), z.number()),
      disagree: z.record(z.string(), z.number()),
    }),
    commentPriorities: z.record(z.string(), z.number()),
    stability: z
      .object({
        stable: z.boolean(),
        verdict: z.string(),
        resamples: z.number().int(),
        kAgreement: z.number(),
        meanAdjustedRand: z.number(),
      })
      .nullable(),
  })
  .meta({
    id: 'ConversationAnalysis',
    description: 'The stored Polis analysis; vote sign convention agree = 1, disagree = −1, pass = 0',
  });
