import { barChart, lineChart, type BarChart, type LineChart } from '../../../lib/charts.js';
import {
  describeOpinionMap,
  groupLetter,
  markSwatchSvg,
  opinionMap,
  opinionMapSvg,
  type OpinionMapTable,
} from '../../../lib/opinion-map.js';
import type { StoredAnalysis } from '../../../lib/polis/index.js';
import type { DayActivity, GroupVoteCounts, ReportStatement } from './report.repository.js';

const whole = new Intl.NumberFormat('en-GB');
const pct = (part: number, of: number) => (of > 0 ? `${Math.round((part / of) * 100)}%` : '–');

/** Data the report page needs, as read from the database. */
export type ReportInput = {
  question: string;
  analysis: {
    computedAt: Date;
    result: Omit<StoredAnalysis, 'stability'>;
    stability: StoredAnalysis['stability'] | null;
  } | null;
  statements: ReportStatement[];
  counts: GroupVoteCounts[];
  activity: DayActivity[];
  /** Groups smaller than this are not described on their own (the place's small-number setting). */
  suppressBelow: number;
};

export type StatementLine = {
  number: number;
  text: string;
  /** "Agreed" or "Disagreed". */
  direction: string;
  /** e.g. "82% of Group A (41 of 50 who voted on it)". */
  group: string;
  /** e.g. "12% of people in other groups (6 of 50)". */
  others: string;
};

export type ReportGroup = {
  label: string;
  letter: string;
  size: number;
  statements: StatementLine[];
};

export type ConsensusLine = { number: number; text: string; share: string };
export type DivisiveLine = {
  number: number;
  text: string;
  byGroup: { label: string; agree: string }[];
  spread: number;
};

export type ActivityChart = {
  id: string;
  title: string;
  description: string;
  chart: LineChart | BarChart;
  table: { caption: string; head: string[]; rows: string[][] };
};

export type ReportView = {
  question: string;
  computedAt: Date | null;
  participants: number;
  inConv: number;
  /** `swatches[i]` is the mark of `table.rows[i]`, drawn small for the table. */
  map: { svg: string; description: string; table: OpinionMapTable; swatches: string[] } | null;
  stability: { stable: boolean; verdict: string; resamples: number } | null;
  groups: ReportGroup[];
  smallGroups: { count: number; people: number } | null;
  consensus: { agree: ConsensusLine[]; disagree: ConsensusLine[] };
  divisive: DivisiveLine[];
  activity: ActivityChart[];
};

type Tally = { agree: number; disagree: number; votes: number };
const add = (a: Tally, b: Tally): Tally => ({
  agree: a.agree + b.agree,
  disagree: a.disagree + b.disagree,
  votes: a.votes + b.votes,
});
const zero: Tally = { agree: 0, disagree: 0, votes: 0 };

/** Statements most divisive between groups: the largest gap between the groups' shares agreeing, each group having at least this many votes on it. */
export const DIVISIVE_MIN_VOTES = 3;
export const DIVISIVE_LIMIT = 5;

/**
 * Activity per day, or per week (Monday) when the conversation ran longer than 13 weeks, so the
 * chart stays readable; gaps are filled with zero days.
 */
export function activitySeries(days: DayActivity[]): { unit: 'day' | 'week'; points: DayActivity[] } {
  if (!days.length) return { unit: 'day', points: [] };
  const dayMs = 86_400_000;
  const start = Date.parse(`${days[0]!.day}T00:00:00Z`);
  const end = Date.parse(`${days.at(-1)!.day}T00:00:00Z`);
  const byDay = new Map(days.map((d) => [d.day, d]));
  const filled: DayActivity[] = [];
  for (let t = start; t <= end; t += dayMs) {
    const day = new Date(t).toISOString().slice(0, 10);
    filled.push(byDay.get(day) ?? { day, votes: 0, participants: 0 });
  }
  if (filled.length <= 91) return { unit: 'day', points: filled };
  // Distinct people per week cannot be summed from days; the week shows the busiest day's count.
  const weeks = new Map<string, DayActivity>();
  for (const d of filled) {
    const date = new Date(`${d.day}T00:00:00Z`);
    const monday = new Date(date.getTime() - ((date.getUTCDay() + 6) % 7) * dayMs).toISOString().slice(0, 10);
    const w = weeks.get(monday) ?? { day: monday, votes: 0, participants: 0 };
    w.votes += d.votes;
    w.participants = Math.max(w.participants, d.participants);
    weeks.set(monday, w);
  }
  return { unit: 'week', points: [...weeks.values()] };
}

const shortDay = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });
const label = (ymd: string) => shortDay.format(new Date(`${ymd}T00:00:00Z`));

function activityCharts(days: DayActivity[]): ActivityChart[] {
  const { unit, points } = activitySeries(days);
  if (!points.length) return [];
  const per = unit === 'day' ? 'day' : 'week (from Monday)';
  const totalVotes = points.reduce((s, p) => s + p.votes, 0);
  const busiest = points.reduce((b, p) => (p.votes > b.votes ? p : b), points[0]!);
  const votes: ActivityChart = {
    id: 'votes',
    title: `Votes per ${per}`,
    description: `${whole.format(totalVotes)} votes from ${label(points[0]!.day)} to ${label(points.at(-1)!.day)}; the busiest ${unit} was ${label(busiest.day)} with ${whole.format(busiest.votes)}.`,
    chart: barChart(points.map((p) => ({ label: label(p.day), value: p.votes }))),
    table: {
      caption: `Votes and people voting per ${per}`,
      head: [
        unit === 'day' ? 'Day' : 'Week from',
        'Votes',
        unit === 'day' ? 'People voting' : 'People voting (busiest day)',
      ],
      rows: points.map((p) => [label(p.day), whole.format(p.votes), whole.format(p.participants)]),
    },
  };
  const most = points.reduce((b, p) => (p.participants > b.participants ? p : b), points[0]!);
  const participants: ActivityChart = {
    id: 'participants',
    title: unit === 'day' ? 'People voting per day' : 'People voting on the busiest day of each week',
    description: `The most people voting on one day was ${whole.format(most.participants)}, ${unit === 'day' ? 'on' : 'in the week from'} ${label(most.day)}.`,
    chart: lineChart(points.map((p) => ({ label: label(p.day), value: p.participants }))),
    table: votes.table,
  };
  return [votes, participants];
}

/** Build everything the report template shows from the stored analysis and the vote counts. */
export function buildReport(input: ReportInput): ReportView {
  const text = new Map(input.statements.map((s) => [s.number, s]));
  const textOf = (n: number) => text.get(n)?.text ?? `Statement ${n}`;
  const a = input.analysis;
  const base = {
    question: input.question,
    computedAt: a?.computedAt ?? null,
    activity: activityCharts(input.activity),
  };
  if (!a)
    return {
      ...base,
      participants: 0,
      inConv: 0,
      map: null,
      stability: null,
      groups: [],
      smallGroups: null,
      consensus: { agree: [], disagree: [] },
      divisive: [],
    };
  const r = a.result;
  const t = input.suppressBelow;
  const shownGroups = [...r.groups].sort((x, y) => x.id - y.id).filter((g) => g.members.length >= t);
  const small = r.groups.filter((g) => g.members.length < t);

  const map = opinionMap({ projection: r.projection, groups: r.groups }, { suppressBelow: t });
  const { description, table } = describeOpinionMap(map, t);
  const title = `Opinion map: ${input.question}`;

  // Tallies per statement: by group, and overall (everyone who voted, grouped or not).
  const byGroup = new Map<string, Tally>();
  const overall = new Map<number, Tally>();
  for (const c of input.counts) {
    byGroup.set(`${c.statement}:${c.group}`, c);
    overall.set(c.statement, add(overall.get(c.statement) ?? zero, c));
  }
  const tally = (s: number, g: number) => byGroup.get(`${s}:${g}`) ?? zero;
  const otherGroups = (s: number, g: number) =>
    r.groups.filter((o) => o.id !== g).reduce((sum, o) => add(sum, tally(s, o.id)), zero);

  const groups: ReportGroup[] = shownGroups.map((g) => {
    const name = `Group ${groupLetter(g.id)}`;
    return {
      label: name,
      letter: groupLetter(g.id),
      size: g.members.length,
      statements: (r.repness[g.id] ?? []).map((rep) => {
        const mine = tally(rep.statementId, g.id);
        const others = otherGroups(rep.statementId, g.id);
        const agree = rep.repfulFor === 'agree';
        const n = (x: Tally) => (agree ? x.agree : x.disagree);
        return {
          number: rep.statementId,
          text: textOf(rep.statementId),
          direction: agree ? 'Agreed' : 'Disagreed',
          group: `${pct(n(mine), mine.votes)} of ${name} (${whole.format(n(mine))} of ${whole.format(mine.votes)} who voted on it)`,
          others: `${pct(n(others), others.votes)} of people in other groups (${whole.format(n(others))} of ${whole.format(others.votes)})`,
        };
      }),
    };
  });

  const consensusLines = (list: { statementId: number }[], way: 'agree' | 'disagree'): ConsensusLine[] =>
    list.map((c) => {
      const o = overall.get(c.statementId) ?? zero;
      const n = way === 'agree' ? o.agree : o.disagree;
      return {
        number: c.statementId,
        text: textOf(c.statementId),
        share: `${pct(n, o.votes)} ${way === 'agree' ? 'agreed' : 'disagreed'} (${whole.format(n)} of ${whole.format(o.votes)} who voted on it)`,
      };
    });

  const divisive: DivisiveLine[] =
    shownGroups.length < 2
      ? []
      : input.statements
          .filter((s) => s.status === 'accepted' && !s.isMeta)
          .flatMap((s) => {
            const shares = shownGroups.map((g) => ({ g, t: tally(s.number, g.id) }));
            if (shares.some((x) => x.t.votes < DIVISIVE_MIN_VOTES)) return [];
            const rates = shares.map((x) => x.t.agree / x.t.votes);
            const spread = Math.max(...rates) - Math.min(...rates);
            if (spread <= 0) return [];
            return [
              {
                number: s.number,
                text: s.text,
                spread,
                byGroup: shares.map((x) => ({
                  label: `Group ${groupLetter(x.g.id)}`,
                  agree: `${pct(x.t.agree, x.t.votes)} agreed (${whole.format(x.t.agree)} of ${whole.format(x.t.votes)})`,
                })),
              },
            ];
          })
          .sort((x, y) => y.spread - x.spread || x.number - y.number)
          .slice(0, DIVISIVE_LIMIT);

  return {
    ...base,
    participants: r.participants,
    inConv: r.inConv,
    // The legend is the table beside the map (readable on a small phone), not text inside the drawing.
    map: {
      svg: opinionMapSvg(map, { title, description, id: 'opinion-map' }, { legend: false }),
      description,
      table,
      swatches: map.groups.map(markSwatchSvg),
    },
    stability: a.stability
      ? { stable: a.stability.stable, verdict: a.stability.verdict, resamples: a.stability.resamples }
      : null,
    groups,
    smallGroups: small.length ? { count: small.length, people: small.reduce((s, g) => s + g.members.length, 0) } : null,
    consensus: {
      agree: consensusLines(r.consensus.agree, 'agree'),
      disagree: consensusLines(r.consensus.disagree, 'disagree'),
    },
    divisive,
  };
}
