import { formatDate, londonDay } from '../../lib/london-time.js';
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

/** Every label the conversation pages show, for templates. */
export const labels = { audienceLabels, moderationLabels, statusLabels, statusTagClasses };

/** The London day a stored instant falls on (closing dates are stored as the end of their day). */
function dayOf(at: Date, exclusiveEnd = false): Date {
  return exclusiveEnd ? new Date(at.getTime() - 1) : at;
}

/** The dates in words: "Open from 1 March 2027 until 31 March 2027". */
export function datesText(c: Conversation): string {
  const opens = c.opensAt ? formatDate(dayOf(c.opensAt)) : null;
  const closes = c.closesAt ? formatDate(dayOf(c.closesAt, true)) : null;
  if (opens && closes) return `From ${opens} to ${closes}`;
  if (opens) return `From ${opens}, until the council closes it`;
  if (closes) return `Until ${closes}`;
  return 'Until the council closes it';
}

/** Day, month and year boxes for the form, from stored dates. */
export function formValues(c: Conversation): Record<string, string> {
  const parts = (at: Date | null, end: boolean, prefix: string) => {
    if (!at) return {};
    const [y, m, d] = londonDay(dayOf(at, end)).split('-');
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

/** A success banner after a redirect (the GOV.UK notification banner's options), or null. */
export type Notice = { type: 'success'; text: string; titleId?: string } | null;

const success = (text: string, titleId?: string): Notice => ({
  type: 'success',
  text,
  ...(titleId ? { titleId } : {}),
});

/** After an officer saved, opened or closed a conversation. */
export function manageNotice(q: { created?: string; updated?: string; opened?: string; closed?: string }): Notice {
  if (q.created) return success('Conversation saved as a draft. Open it when you are ready.');
  if (q.updated) return success('Changes saved.');
  if (q.opened) return success('The conversation is open. Share its link.');
  if (q.closed) return success('The conversation is closed. Nobody can vote or add statements now.');
  return null;
}

/** After someone voted or added a statement. */
export function takingPartNotice(q: { voted?: string; added?: string }): Notice {
  if (q.voted) return success('Vote recorded.', 'vote-recorded');
  if (q.added === 'pending') return success('Thank you. Your statement will appear once an officer has checked it.');
  if (q.added === 'accepted') return success('Thank you. Your statement is published and others can vote on it.');
  return null;
}

/** After an officer published or removed statement number N. */
export function moderationNotice(q: { accepted?: number; removed?: number }): Notice {
  if (q.accepted !== undefined) return success(`Statement ${q.accepted} published.`);
  if (q.removed !== undefined)
    return success(`Statement ${q.removed} removed. It is no longer voted on or counted in the analysis.`);
  return null;
}
