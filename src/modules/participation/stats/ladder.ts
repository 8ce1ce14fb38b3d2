/**
 * The participation ladder: each person's step, derived from their activity by the rules written
 * down in docs/participation.md. Pure: no I/O, so the rules can be tested with hand-made histories.
 */

export const ladderSteps = [
  'not_yet',
  'first_visit',
  'regular',
  'contributor',
  'co_designer',
  'project_lead',
  'entrepreneur',
] as const;
export type LadderStep = (typeof ladderSteps)[number];

export type LadderAttendance = { day: string; role: 'participant' | 'volunteer' | 'lead' };
export type LadderMembership = {
  role: 'organiser' | 'co_organiser' | 'member';
  /** The project's stage (idea … enterprise). */
  stage: string;
  /** Published (not pending or declined). */
  published: boolean;
  /** The project has held at least one session that was not cancelled and has started. */
  hasHeldSessions: boolean;
};
export type LadderActivity = { attendances: LadderAttendance[]; memberships: LadderMembership[] };

/** A regular participant came in at least this many different weeks… */
export const REGULAR_WEEKS = 3;
/** …within a window of this many days. */
export const REGULAR_WINDOW_DAYS = 90;

export const ladderLabels: Record<LadderStep, string> = {
  not_yet: 'Not started yet',
  first_visit: 'First visit',
  regular: 'Regular participant',
  contributor: 'Contributor',
  co_designer: 'Co-designer',
  project_lead: 'Project lead',
  entrepreneur: 'Entrepreneur',
};

/** What reaching each step means, in the words shown to the person. */
export const ladderMeanings: Record<LadderStep, string> = {
  not_yet: 'You have not been recorded at a session yet.',
  first_visit: 'You have been to a session.',
  regular: `You came to sessions in at least ${REGULAR_WEEKS} different weeks within ${REGULAR_WINDOW_DAYS} days.`,
  contributor: 'You have volunteered or led at a session.',
  co_designer: 'You are a member or co-organiser of a project that has held sessions.',
  project_lead: 'You organise a published project.',
  entrepreneur: 'You organise a project that has become a business or social enterprise.',
};

const DAY_MS = 86_400_000;

function dayNumber(ymd: string): number {
  return Math.floor(Date.parse(`${ymd}T00:00:00Z`) / DAY_MS);
}

/** The Monday that starts the ISO week of a day number (1970-01-01 was a Thursday). */
function weekOf(dayNo: number): number {
  return dayNo - ((dayNo + 3) % 7);
}

/** True when some window of REGULAR_WINDOW_DAYS consecutive days holds attendances in REGULAR_WEEKS different weeks. */
export function isRegular(days: string[]): boolean {
  const sorted = [...new Set(days.map(dayNumber))].sort((a, b) => a - b);
  for (let i = 0; i < sorted.length; i++) {
    const weeks = new Set<number>();
    for (let j = i; j < sorted.length && sorted[j]! - sorted[i]! < REGULAR_WINDOW_DAYS; j++) {
      weeks.add(weekOf(sorted[j]!));
      if (weeks.size >= REGULAR_WEEKS) return true;
    }
  }
  return false;
}

/** The highest step whose rule the activity meets (steps need not be climbed in order). */
export function ladderStep(activity: LadderActivity): LadderStep {
  const { attendances, memberships } = activity;
  const organises = memberships.filter((m) => m.role === 'organiser' && m.published);
  if (organises.some((m) => m.stage === 'enterprise')) return 'entrepreneur';
  if (organises.length > 0) return 'project_lead';
  if (memberships.some((m) => m.role !== 'organiser' && m.hasHeldSessions)) return 'co_designer';
  if (attendances.some((a) => a.role === 'volunteer' || a.role === 'lead')) return 'contributor';
  if (isRegular(attendances.map((a) => a.day))) return 'regular';
  if (attendances.length > 0) return 'first_visit';
  return 'not_yet';
}

/** The step after `step`, or null at the top. */
export function nextStep(step: LadderStep): LadderStep | null {
  const i = ladderSteps.indexOf(step);
  return i < ladderSteps.length - 1 ? ladderSteps[i + 1]! : null;
}

/** How to reach each step, shown as "what the next step means". */
export const ladderHowTo: Record<LadderStep, string> = {
  not_yet: '',
  first_visit: 'Come to any session: the organiser records who came.',
  regular: `Come to sessions in ${REGULAR_WEEKS} different weeks within ${REGULAR_WINDOW_DAYS} days.`,
  contributor: 'Volunteer at a session: help set up, cook, teach or lead an activity.',
  co_designer: 'Join a project as a member or co-organiser and help shape its sessions.',
  project_lead: 'Propose your own project and organise it once it is published.',
  entrepreneur: 'Grow your project into a business or social enterprise.',
};
