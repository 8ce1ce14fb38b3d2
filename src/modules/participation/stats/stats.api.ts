import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { isCalendarDate } from '../../../lib/london-time.js';
import { requireTokenRole } from '../../../platform/auth.js';
import { Invalid } from '../../../platform/errors.js';
import { problemResponses } from '../../api/index.js';
import type { ParticipationStats, StatsService } from './stats.service.js';

const dayField = z
  .string()
  .refine(isCalendarDate, { message: 'Enter a real date as YYYY-MM-DD' })
  .meta({ description: 'A London calendar day, YYYY-MM-DD (inclusive)', example: '2026-01-31' });

const statsQuery = z.strictObject({
  from: dayField,
  to: dayField,
  ward: z
    .string()
    .min(1)
    .max(20)
    .optional()
    .meta({ description: 'A ward code: figures for sessions held in that ward' }),
});

const nullableRate = (description: string) => z.number().nullable().meta({ description });

const statsSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    ward: z.object({ code: z.string(), name: z.string() }).nullable(),
    population: z.number().int().nullable(),
    suppressBelow: z.number().int().meta({ description: 'Counts of people below this are suppressed (null)' }),
    uniqueParticipants: z
      .number()
      .int()
      .nullable()
      .meta({ description: 'Distinct named people who came; null when suppressed' }),
    attendances: z.number().int().meta({ description: 'Visits: named attendances plus head-counts' }),
    namedAttendances: z.number().int(),
    headcountAttendances: z.number().int(),
    participationHours: z
      .number()
      .meta({ description: 'Σ people × session length, in hours: exact (minutes ÷ 60), not rounded' }),
    volunteerHours: z
      .number()
      .meta({ description: 'Minutes given by volunteers and leads, in hours: exact, not rounded' }),
    hoursOffered: z.number().meta({
      description:
        'Σ capacity × length of sessions not cancelled (a session without a capacity counts the people who came), in hours: exact, not rounded',
    }),
    sessions: z.number().int().meta({ description: 'Sessions not cancelled' }),
    activeProjects: z.number().int().meta({ description: 'Published projects with a session in the period' }),
    newProjects: z.number().int().meta({ description: 'Projects published in the period' }),
    residentLedShare: nullableRate('Share (0–1) of active projects led by residents or community groups'),
    regularParticipants: z.number().int().nullable().meta({
      description:
        'People who came in at least 3 of the whole calendar months of the period; null with fewer than 3 whole months or when suppressed',
    }),
    regularParticipationRate: nullableRate(
      'Share (0–1) of the people who came in the whole calendar months of the period who came in at least 3 of those months; null when the period holds fewer than 3 whole months',
    ),
    retention3Months: nullableRate(
      'Of people whose first month was in the period, the share who came again 3 months later',
    ),
    retention6Months: nullableRate('The same, 6 months later'),
    reachPer1000: nullableRate('Unique participants per 1,000 residents'),
    suppressed: z
      .object({
        uniqueParticipants: z.boolean(),
        regularParticipationRate: z.boolean(),
        retention3Months: z.boolean(),
        retention6Months: z.boolean(),
        reachPer1000: z.boolean(),
      })
      .meta({ description: 'true where a figure is null because it counts fewer people than `suppressBelow`' }),
  })
  .meta({ id: 'ParticipationStats', description: 'Participation figures for a period, for the place or one ward' });

export function statsToJson(s: ParticipationStats): z.input<typeof statsSchema> {
  return {
    from: s.from,
    to: s.to,
    ward: s.ward ? { code: s.ward.code, name: s.ward.name } : null,
    population: s.population,
    suppressBelow: s.suppressBelow,
    uniqueParticipants: s.uniqueParticipants.value,
    attendances: s.attendances,
    namedAttendances: s.namedAttendances,
    headcountAttendances: s.headcountAttendances,
    participationHours: s.participationHours,
    volunteerHours: s.volunteerHours,
    hoursOffered: s.hoursOffered,
    sessions: s.sessions,
    activeProjects: s.activeProjects,
    newProjects: s.newProjects,
    residentLedShare: s.residentLedShare,
    regularParticipants: s.regularParticipants,
    regularParticipationRate: s.regularParticipationRate,
    retention3Months: s.retention3Months,
    retention6Months: s.retention6Months,
    reachPer1000: s.reachPer1000,
    suppressed: {
      uniqueParticipants: s.uniqueParticipants.suppressed,
      regularParticipationRate: s.regularParticipationSuppressed,
      retention3Months: s.retention3MonthsSuppressed,
      retention6Months: s.retention6MonthsSuppressed,
      reachPer1000: s.reachSuppressed,
    },
  };
}

/** GET /api/v1/stats/participation: officer and admin tokens. */
export function statsApi(app: FastifyInstance, { stats }: { stats: StatsService }) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get(
    '/api/v1/stats/participation',
    {
      schema: {
        tags: ['Participation'],
        summary: 'Participation figures for a period',
        description:
          'Unique participants, attendances, hours and projects between `from` and `to` (London days, both included), for the place or, with `ward`, for sessions held in one ward. Needs an officer or admin token. Counts of fewer people than the place’s threshold are null, with `suppressed` saying which.',
        security: [{ bearer: [] }],
        querystring: statsQuery,
        response: { 200: statsSchema, ...problemResponses },
      },
    },
    async function participationStats(request) {
      requireTokenRole(request, 'officer');
      const { from, to, ward } = request.query;
      if (from > to)
        throw new Invalid([{ field: 'to', message: 'The end date must be the same as or after the start date' }]);
      return statsToJson(await stats.participation(request.place.id, { from, to, wardCode: ward }));
    },
  );
}
