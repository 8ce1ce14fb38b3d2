import type { Conversation, Statement } from './conversations.repository.js';
import type { Ballot } from './conversations.service.js';

export const audienceLabels: Record<Conversation['audience'], string> = {
  residents: 'People signed in to this site',
  link: 'Anyone with the link',
};
export const moderationLabels: Record<Conversation['moderation'], string> = {
  strict: 'Strict: new statements appear after an officer checks them',
  permissive: 'Permissive: new statements appear at once and officers can remove them',
};
export const statusLabels: Record<Conversation['status'], string> = {
  draft: 'Draft',
  open: 'Open',
  closed: 'Closed',
};
export const statusTagClasses: Record<Conversation['status'], string> = {
  draft: 'govuk-tag--grey',
  open: 'govuk-tag--green',
  closed: 'govuk-tag--blue',
};

const londonDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' });
const longDay = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});

/** The London day a stored instant falls on (closing dates are stored as the end of their day). */
function dayOf(at: Date, exclusiveEnd = false): Date {
  return exclusiveEnd ? new Date(at.getTime() - 1) : at;
}

/** The dates in words: "Open from 1 March 2027 until 31 March 2027". */
export function datesText(c: Conversation): string {
  const opens = c.opensAt ? longDay.format(dayOf(c.opensAt)) : null;
  const closes = c.closesAt ? longDay.format(dayOf(c.closesAt, true)) : null;
  if (opens && closes) return `From ${opens} to ${closes}`;
  if (opens) return `From ${opens}, until the council closes it`;
  if (closes) return `Until ${closes}`;
  return 'Until the council closes it';
}

/** Day, month and year boxes for the form, from stored dates. */
export function formValues(c: Conversation): Record<string, string> {
  const parts = (at: Date | null, end: boolean, prefix: string) => {
    if (!at) return {};
    const [y, m, d] = londonDay.format(dayOf(at, end)).split('-');
    return { [`${prefix}-day`]: String(Number(d)), [`${prefix}-month`]: String(Number(m)), [`${prefix}-year`]: y! };
  };
  return {
    question: c.question,
    context: c.context,
    audience: c.audience,
    anonymousAllowed: c.anonymousAllowed ? 'yes' : 'no',
    moderation: c.moderation,
    ...parts(c.opensAt, false, 'opens'),
    ...parts(c.closesAt, true, 'closes'),
  };
}

/** "You have voted on 12 of 40 statements". */
export function progressText(b: Pick<Ballot, 'voted' | 'total'>): string {
  if (b.total === 0) return 'There are no statements to vote on yet.';
  return `You have voted on ${b.voted} of ${b.total} statement${b.total === 1 ? '' : 's'}.`;
}

/** Context paragraphs: blank lines separate them; text stays escaped by the template. */
export function paragraphs(text: string): string[] {
  return text
    .split(/\r?\n\s*\r?\n/)
    .map((p) => p.trim())
    .filter(Boolean);
}

/** A statement as the moderation page lists it. */
export function moderationRow(s: Statement) {
  return {
    id: s.id,
    number: s.number,
    text: s.text,
    isSeed: s.isSeed,
    isMeta: s.isMeta,
    status: s.status,
    reason: s.moderationReason,
    createdAt: s.createdAt,
    moderatedAt: s.moderatedAt,
  };
}
