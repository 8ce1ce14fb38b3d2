import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actionContext, requireTokenRole } from '../../platform/auth.js';
import { hasRole } from '../../platform/context.js';
import { NotFound } from '../../platform/errors.js';
import { idParams } from '../../platform/fields.js';
import { problemResponses, problemSchema } from '../api/index.js';
import {
  analysisSchema,
  conversationDetailSchema,
  conversationListSchema,
  decodeCursor,
  encodeCursor,
  listQuery,
} from './conversations.api.schemas.js';
import { paths } from './conversations.paths.js';
import type { Conversation } from './conversations.repository.js';
import type { ConversationsService } from './conversations.service.js';
import { apiVoteSchema } from './conversations.validation.js';

/**
 * /api/v1/conversations. Reading needs any token of the place (drafts: officer tokens). Votes
 * through the API are for officers entering votes collected elsewhere (paper at a drop-in session,
 * or another tool): a token cannot stand for a resident, so the caller names each participant by
 * its own id, kept as the participant's external id, and every such vote is in the audit log.
 */
export function conversationsApi(
  app: FastifyInstance,
  { conversations }: { conversations: ConversationsService },
): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  const toJson = (c: Conversation) => ({
    id: c.id,
    question: c.question,
    context: c.context,
    status: c.status,
    audience: c.audience,
    anonymousAllowed: c.anonymousAllowed,
    moderation: c.moderation,
    opensAt: c.opensAt?.toISOString() ?? null,
    closesAt: c.closesAt?.toISOString() ?? null,
    acceptingVotes: conversations.notAccepting(c) === null,
    url: paths.conversation(c.id),
    createdAt: c.createdAt.toISOString(),
  });

  /** The conversation if the token may see it: drafts only for officer tokens. */
  async function visible(request: Parameters<typeof requireTokenRole>[0], id: string) {
    const token = requireTokenRole(request, 'resident');
    const c = await conversations.find(request.place.id, id);
    if (c.status === 'draft' && !hasRole(token.role, 'officer')) throw new NotFound('There is no such conversation.');
    return c;
  }

  api.get(
    '/api/v1/conversations',
    {
      schema: {
        tags: ['Conversations'],
        summary: 'List conversations, newest first',
        description:
          'Open and closed conversations; officer tokens see drafts too. Follow `nextCursor` for the next page.',
        security: [{ bearer: [] }],
        querystring: listQuery,
        response: { 200: conversationListSchema, ...problemResponses },
      },
    },
    async function listConversations(request) {
      const token = requireTokenRole(request, 'resident');
      const viewer = { id: token.id, placeId: token.placeId, role: token.role };
      const { limit, cursor } = request.query;
      const rows = await conversations.list(
        viewer,
        request.place.id,
        limit + 1,
        cursor ? decodeCursor(cursor) : undefined,
      );
      const page = rows.slice(0, limit);
      return {
        items: page.map(toJson),
        nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1]!) : null,
      };
    },
  );

  api.get(
    '/api/v1/conversations/:id',
    {
      schema: {
        tags: ['Conversations'],
        summary: 'One conversation with its published statements',
        security: [{ bearer: [] }],
        params: idParams,
        response: { 200: conversationDetailSchema, ...problemResponses },
      },
    },
    async function showConversation(request) {
      const c = await visible(request, request.params.id);
      const [statements, participants, votes] = await Promise.all([
        conversations.statements(c, 'accepted'),
        conversations.participantCount(c),
        conversations.voteCount(c),
      ]);
      return {
        ...toJson(c),
        participants,
        votes,
        statements: statements.map((s) => ({
          number: s.number,
          text: s.text,
          isSeed: s.isSeed,
          isMeta: s.isMeta,
          createdAt: s.createdAt.toISOString(),
        })),
      };
    },
  );

  api.get(
    '/api/v1/conversations/:id/analysis',
    {
      schema: {
        tags: ['Conversations'],
        summary: 'The latest stored analysis: groups, representative statements and consensus',
        description:
          'Computed in the background after votes; `computedAt` says when. 404 until the first analysis has run.',
        security: [{ bearer: [] }],
        params: idParams,
        response: { 200: analysisSchema, ...problemResponses },
      },
    },
    async function showAnalysis(request) {
      const c = await visible(request, request.params.id);
      const [stored, votes] = await Promise.all([conversations.storedAnalysis(c), conversations.voteCount(c)]);
      if (!stored) throw new NotFound('This conversation has not been analysed yet. Try again after some votes.');
      const r = stored.result;
      return {
        conversationId: c.id,
        computedAt: stored.computedAt.toISOString(),
        voteCount: stored.voteCount,
        upToDate: stored.voteCount >= votes,
        participants: r.participants,
        inConv: r.inConv,
        groups: r.groups,
        repness: r.repness,
        consensus: r.consensus,
        groupAwareConsensus: r.groupAwareConsensus,
        commentPriorities: r.commentPriorities,
        stability: stored.stability
          ? {
              stable: stored.stability.stable,
              verdict: stored.stability.verdict,
              resamples: stored.stability.resamples,
              kAgreement: stored.stability.kAgreement,
              meanAdjustedRand: stored.stability.meanAdjustedRand,
            }
          : null,
      };
    },
  );

  api.post(
    '/api/v1/conversations/:id/votes',
    {
      schema: {
        tags: ['Conversations'],
        summary: 'Record a vote collected elsewhere (officer tokens)',
        description:
          'For votes gathered on paper or in another tool. Name the participant by your own id; the same id always means the same participant. Agree = 1, disagree = −1, pass = 0. A re-vote adds to the history and the latest counts. Refused on a closed conversation (409) and on a statement that is not published (422).',
        security: [{ bearer: [] }],
        params: idParams,
        body: apiVoteSchema,
        response: {
          // Made here, not with the other shapes, so it joins the OpenAPI components where it always has.
          201: z
            .object({ participantNumber: z.number().int(), statement: z.number().int(), vote: z.number().int() })
            .meta({ id: 'ConversationVote' }),
          409: problemSchema,
          ...problemResponses,
        },
      },
    },
    async function recordVote(request, reply) {
      requireTokenRole(request, 'officer');
      const c = await visible(request, request.params.id);
      const { participant, statement, vote } = request.body;
      const out = await conversations.recordExternalVote(actionContext(request), c, participant, statement, vote);
      return reply.code(201).send({ participantNumber: out.participantNumber, statement, vote });
    },
  );
}
