import { z } from 'zod';
import { isCalendarDate } from '../../lib/london-time.js';
import { hasControlCharacters } from '../../platform/fields.js';
import {
  conversationAudiences,
  moderationModes,
  type ConversationAudience,
  type ModerationMode,
} from './conversations.schema.js';

/** Polis's limit, and ours: short enough to be one idea. */
export const STATEMENT_MAX = 140;
export const QUESTION_MAX = 200;
export const CONTEXT_MAX = 3000;
export const SEEDS_MAX = 100;
export const REASON_MAX = 300;

/** What the service needs to open or change a conversation. */
export type ConversationInput = {
  question: string;
  context: string;
  /** London days, YYYY-MM-DD, or null for "when an officer opens it" and "until an officer closes it". */
  opensOn: string | null;
  closesOn: string | null;
  audience: ConversationAudience;
  anonymousAllowed: boolean;
  moderation: ModerationMode;
  /** Seed statements to add (already checked one by one). */
  seeds: string[];
};

/**
 * The key duplicates are found by: case, spacing and end punctuation folded, so "Parks matter."
 * and "parks  matter" are the same statement.
 */
export function statementKey(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/[\s.!?…]+$/u, '')
    .trim();
}

/** "the question" → "The question", to start a message (the shared `capitalise` drops the article). */
export const sentenceCase = (s: string) => `${s.charAt(0).toUpperCase()}${s.slice(1)}`;

/** Characters as people count them, by code point: an emoji is one, not the two of `length`. */
const characters = (text: string) => Array.from(text).length;

/** The problem with one statement's text, or null. */
export function statementProblem(text: string, what = 'The statement'): string | null {
  if (text.length === 0) return `Enter ${what.toLowerCase()}`;
  const length = characters(text);
  if (length > STATEMENT_MAX) return `${what} must be ${STATEMENT_MAX} characters or fewer (it has ${length})`;
  if (hasControlCharacters(text)) return `${what} must be one line of plain text`;
  return null;
}

const text = (what: string, max: number) =>
  z
    .string({ error: `Enter ${what}` })
    .trim()
    .max(max, `${sentenceCase(what)} must be ${max.toLocaleString('en-GB')} characters or fewer`)
    // Tabs and line breaks (CR LF as a browser sends them, or a lone CR) are kept; other controls are not.
    .refine(
      (s) => !hasControlCharacters(s.replace(/\r\n?/g, '\n'), { multiline: true }),
      `${sentenceCase(what)} must not contain control characters`,
    );
const box = z.string().trim().max(10).optional().default('');

function readDate(day: string, month: string, year: string, what: string): { ymd: string | null; message?: string } {
  if (!day && !month && !year) return { ymd: null };
  const missing = [!day && 'a day', !month && 'a month', !year && 'a year'].filter(Boolean);
  if (missing.length) return { ymd: null, message: `${what} must include ${missing.join(' and ')}` };
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year))
    return { ymd: null, message: `${what} must be a real date, like 27 3 2027` };
  const ymd = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  if (!isCalendarDate(ymd)) return { ymd: null, message: `${what} must be a real date` };
  return { ymd };
}

/** Seed statements, one a line; blank lines ignored; the first bad line is named. */
export function parseSeedLines(value: string): { seeds: string[] } | { message: string } {
  const seeds: string[] = [];
  const keys = new Set<string>();
  const lines = value.split(/\r?\n/);
  for (const [i, raw] of lines.entries()) {
    const line = raw.trim().replace(/\s+/g, ' ');
    if (!line) continue;
    const problem = statementProblem(line, `Seed statement on line ${i + 1}`);
    if (problem) return { message: problem };
    const key = statementKey(line);
    if (keys.has(key)) return { message: `Seed statement on line ${i + 1} repeats an earlier line` };
    keys.add(key);
    seeds.push(line);
  }
  if (seeds.length > SEEDS_MAX) return { message: `Add at most ${SEEDS_MAX} seed statements at a time` };
  return { seeds };
}

/** The officer's form for a new conversation or a change to one (all fields strings, checked together). */
export const conversationFormSchema = z
  .strictObject({
    question: text('the question', QUESTION_MAX).pipe(z.string().min(1, 'Enter the question')),
    context: text('the background', CONTEXT_MAX).optional().default(''),
    'opens-day': box,
    'opens-month': box,
    'opens-year': box,
    'closes-day': box,
    'closes-month': box,
    'closes-year': box,
    audience: z.enum(conversationAudiences, { error: 'Choose who may take part' }),
    anonymousAllowed: z.enum(['yes', 'no'], { error: 'Say whether people may take part without an account' }),
    moderation: z.enum(moderationModes, { error: 'Choose how new statements are moderated' }),
    seeds: z.string().max(20_000, 'The seed statements must be 20,000 characters or fewer').optional().default(''),
  })
  .transform((v, ctx): ConversationInput => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    const opens = readDate(v['opens-day'], v['opens-month'], v['opens-year'], 'The opening date');
    if (opens.message) issue('opens', opens.message);
    const closes = readDate(v['closes-day'], v['closes-month'], v['closes-year'], 'The closing date');
    if (closes.message) issue('closes', closes.message);
    if (opens.ymd && closes.ymd && closes.ymd < opens.ymd)
      issue('closes', 'The closing date must be on or after the opening date');
    if (v.audience === 'residents' && v.anonymousAllowed === 'yes')
      issue('anonymousAllowed', 'People can only take part without an account when anyone with the link may take part');
    const seeds = parseSeedLines(v.seeds);
    if ('message' in seeds) issue('seeds', seeds.message);
    if (ctx.issues.length) return z.NEVER;
    return {
      question: v.question,
      context: v.context,
      opensOn: opens.ymd,
      closesOn: closes.ymd,
      audience: v.audience,
      anonymousAllowed: v.anonymousAllowed === 'yes',
      moderation: v.moderation,
      seeds: 'seeds' in seeds ? seeds.seeds : [],
    };
  });

/** A participant's new statement. */
export const statementFormSchema = z.strictObject({
  text: z
    .string({ error: 'Enter your statement' })
    .transform((s) => s.trim().replace(/[ \t]+/g, ' '))
    .superRefine((s, ctx) => {
      const problem = statementProblem(s, 'Your statement');
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
});

export const voteChoices = { agree: 1, disagree: -1, pass: 0 } as const;
export type VoteChoice = keyof typeof voteChoices;

/** One vote from the form: the statement shown and the button pressed. */
export const voteFormSchema = z.strictObject({
  statement: z
    .string({ error: 'The vote did not say which statement it was for. Go back and try again.' })
    .regex(/^\d{1,9}$/, 'The vote did not say which statement it was for. Go back and try again.')
    .transform(Number),
  vote: z.enum(['agree', 'disagree', 'pass'], { error: 'Choose agree, disagree or pass' }),
});

/** An officer's decision on a statement. */
export const moderationFormSchema = z
  .strictObject({
    decision: z.enum(['accept', 'reject'], { error: 'Choose whether to publish or remove the statement' }),
    reason: text('the reason', REASON_MAX).optional().default(''),
    isMeta: z.enum(['yes', 'no']).optional().default('no'),
  })
  .superRefine((v, ctx) => {
    if (v.decision === 'reject' && !v.reason)
      ctx.addIssue({ code: 'custom', path: ['reason'], message: 'Say why the statement is removed' });
  });

export const emptyFormSchema = z.strictObject({});

/** Body of POST /api/v1/conversations/{id}/votes (imported or administrative votes, officer tokens only). */
export const apiVoteSchema = z.strictObject({
  participant: z
    .string()
    .regex(/^[A-Za-z0-9_.:-]{1,100}$/, 'The participant must be an id of letters, digits, _ . : or -')
    .meta({ description: 'Your id for the participant (kept as their external id)' }),
  statement: z.number().int().min(0).meta({ description: 'The statement number' }),
  vote: z.union([z.literal(-1), z.literal(0), z.literal(1)]).meta({
    description: 'Polis open-data sign convention: agree = 1, disagree = −1, pass = 0',
  }),
});
