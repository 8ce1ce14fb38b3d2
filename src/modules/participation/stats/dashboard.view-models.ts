import { barChart, lineChart, type BarChart, type LineChart } from '../../../lib/charts.js';
import { toCsv } from '../../../lib/csv.js';
import { formatCalendarDate } from '../../../lib/london-time.js';
import { participationPaths } from '../participation.paths.js';
import type { ParticipationStats, PeopleCount, TargetProgress } from './stats.service.js';

const whole = new Intl.NumberFormat('en-GB');
/** Hours and rates are exact in the figures; pages show them to one decimal place. */
const oneDecimal = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 });
// Charts and tables label months short ("Jan 2025"); a calendar month, so no time zone applies.
const monthName = new Intl.DateTimeFormat('en-GB', { month: 'short', year: 'numeric', timeZone: 'UTC' });

/** Minutes as hours to the tenth, rounded from the whole minutes (so 9 minutes is 0.2, as 1.5 tenths rounds up). */
const tenths = (minutes: number) => Math.round(minutes / 6) / 10;
const hoursText = (minutes: number) => oneDecimal.format(tenths(minutes));

const shortMonth = (month: string) => monthName.format(new Date(`${month}T00:00:00Z`));

/** A count of people as text: the number, or "fewer than 10" when suppressed. */
export function peopleText(count: PeopleCount, threshold: number): string {
  return count.value === null ? `fewer than ${threshold}` : whole.format(count.value);
}

function percent(rate: number | null, why: string): string {
  return rate === null ? why : `${oneDecimal.format(rate * 100)}%`;
}

/** One table: headings and rows of text cells, shown on the page and downloaded as CSV. */
export type Table = { caption: string; head: string[]; numeric: boolean[]; rows: string[][] };

export function summaryTable(s: ParticipationStats): Table {
  const t = s.suppressBelow;
  const hidden = `Not shown (fewer than ${t} people)`;
  const rows: string[][] = [
    ['Unique participants', peopleText(s.uniqueParticipants, t)],
    [
      'Attendances',
      `${whole.format(s.attendances)} (${whole.format(s.namedAttendances)} named, ${whole.format(s.headcountAttendances)} head-counted)`,
    ],
    ['Participation hours', hoursText(s.participationMinutes)],
    ['Volunteer hours', hoursText(s.volunteerMinutes)],
    ['Hours offered', hoursText(s.minutesOffered)],
    ['Sessions', whole.format(s.sessions)],
    ['Active projects', whole.format(s.activeProjects)],
    ['New projects', whole.format(s.newProjects)],
    ['Resident-led share', percent(s.residentLedShare, 'No active projects')],
    [
      'Regular participation rate',
      s.regularParticipationSuppressed
        ? hidden
        : percent(s.regularParticipationRate, 'Needs 3 whole calendar months or more in the period'),
    ],
    [
      'Retention after 3 months',
      s.retention3MonthsSuppressed ? hidden : percent(s.retention3Months, 'Not enough data in this period'),
    ],
    [
      'Retention after 6 months',
      s.retention6MonthsSuppressed ? hidden : percent(s.retention6Months, 'Not enough data in this period'),
    ],
    [
      'Reach per 1,000 residents',
      s.reachSuppressed ? hidden : s.reachPer1000 === null ? 'Population not known' : oneDecimal.format(s.reachPer1000),
    ],
  ];
  return { caption: 'Headline figures', head: ['Figure', 'Value'], numeric: [false, false], rows };
}

export function monthsTable(s: ParticipationStats): Table {
  return {
    caption: 'Participation by month',
    head: ['Month', 'Unique participants', 'Attendances', 'Participation hours'],
    numeric: [false, true, true, true],
    rows: s.months.map((m) => [
      shortMonth(m.month),
      peopleText(m.participants, s.suppressBelow),
      whole.format(m.attendances),
      hoursText(m.minutes),
    ]),
  };
}

export function wardsTable(s: ParticipationStats): Table {
  return {
    caption: 'Participation by ward',
    head: ['Ward', 'Unique participants', 'Attendances', 'Participation hours', 'Reach per 1,000 residents'],
    numeric: [false, true, true, true, true],
    rows: s.wards.map((w) => [
      w.name,
      peopleText(w.participants, s.suppressBelow),
      whole.format(w.attendances),
      hoursText(w.minutes),
      w.participants.suppressed
        ? 'Not shown'
        : w.reachPer1000 === null
          ? 'Not known'
          : oneDecimal.format(w.reachPer1000),
    ]),
  };
}

export type TrendChart = { id: string; title: string; description: string; chart: LineChart | BarChart; table: Table };

export function trendCharts(s: ParticipationStats): TrendChart[] {
  const labels = s.months.map((m) => shortMonth(m.month));
  const where = s.ward ? ` in ${s.ward.name}` : '';
  const range = `${shortMonth(s.months[0]!.month)} to ${shortMonth(s.months.at(-1)!.month)}`;
  const describe = (what: string, values: (number | null)[]) => {
    const known = values.filter((v): v is number => v !== null);
    if (!known.length) return `${what}${where} by month, ${range}: no figures to show.`;
    const max = Math.max(...known);
    const at = labels[values.indexOf(max)];
    return `${what}${where} by month, ${range}. Highest: ${oneDecimal.format(max)} in ${at}. The table beside the chart lists every month.`;
  };
  const participants = s.months.map((m) => m.participants.value);
  const attendances = s.months.map((m) => m.attendances);
  const hoursByMonth = s.months.map((m) => tenths(m.minutes));
  const table = monthsTable(s);
  return [
    {
      id: 'participants',
      title: 'Unique participants each month',
      description:
        describe('Unique participants', participants) +
        (participants.includes(null) ? ` Months with fewer than ${s.suppressBelow} people are left as gaps.` : ''),
      chart: lineChart(labels.map((label, i) => ({ label, value: participants[i]! }))),
      table: {
        ...table,
        caption: 'Unique participants each month',
        rows: table.rows.map((r) => [r[0]!, r[1]!]),
        head: table.head.slice(0, 2),
        numeric: [false, true],
      },
    },
    {
      id: 'attendances',
      title: 'Attendances each month',
      description: describe('Attendances', attendances),
      chart: barChart(labels.map((label, i) => ({ label, value: attendances[i]! }))),
      table: {
        ...table,
        caption: 'Attendances each month',
        rows: table.rows.map((r) => [r[0]!, r[2]!]),
        head: [table.head[0]!, table.head[2]!],
        numeric: [false, true],
      },
    },
    {
      id: 'hours',
      title: 'Participation hours each month',
      description: describe('Participation hours', hoursByMonth),
      chart: lineChart(labels.map((label, i) => ({ label, value: hoursByMonth[i]! }))),
      table: {
        ...table,
        caption: 'Participation hours each month',
        rows: table.rows.map((r) => [r[0]!, r[3]!]),
        head: [table.head[0]!, table.head[3]!],
        numeric: [false, true],
      },
    },
  ];
}

/** Progress toward the scale target in plain words. */
export function progressView(p: TargetProgress | null, threshold: number) {
  if (!p) return null;
  const target = whole.format(p.target);
  const toDate =
    p.toDate.value === null
      ? `Fewer than ${threshold} residents have taken part since ${formatCalendarDate(p.startDate)}.`
      : `${whole.format(p.toDate.value)} residents have taken part since ${formatCalendarDate(p.startDate)}: ${Math.round((p.toDate.value / p.target) * 100)}% of the target.`;
  const projection =
    p.projected === null
      ? 'There are too few participants yet to project a trend.'
      : `At the current rate, about ${whole.format(p.projected)} residents by ${formatCalendarDate(p.targetDate)}: ${p.projectedPercent}% of the target.`;
  return {
    heading: `Target: ${target} residents by ${formatCalendarDate(p.targetDate)}`,
    toDate,
    projection,
    isDefault: p.isDefault,
    percentToDate: p.toDate.value === null ? 0 : Math.min(100, Math.round((p.toDate.value / p.target) * 100)),
  };
}

/** A table as CSV: its head and rows (formula-like cells escaped by the shared writer). */
export function tableCsv(table: Pick<Table, 'head' | 'rows'>): string {
  return toCsv([table.head, ...table.rows]);
}

/** The tables the dashboard offers as CSV downloads. */
export const dashboardTableNames = ['summary', 'months', 'wards'] as const;
export const dashboardTables: Record<(typeof dashboardTableNames)[number], (s: ParticipationStats) => Table> = {
  summary: summaryTable,
  months: monthsTable,
  wards: wardsTable,
};

/** The dashboard page for a period: headline figures, charts, the wards table, the target and CSV links. */
export function dashboardView(
  s: ParticipationStats,
  progress: TargetProgress | null,
  filter: { from: string; to: string; ward?: string },
) {
  const query = new URLSearchParams({
    from: filter.from,
    to: filter.to,
    ...(filter.ward ? { ward: filter.ward } : {}),
  });
  return {
    stats: s,
    summaryRows: summaryTable(s).rows.map(([key, value]) => ({ key: { text: key }, value: { text: value } })),
    charts: trendCharts(s),
    wardsTable: wardsTable(s),
    progress: progressView(progress, s.suppressBelow),
    csv: Object.fromEntries(
      dashboardTableNames.map((table) => [table, `${participationPaths.dashboardCsv(table)}?${query}`]),
    ),
  };
}
