import { describe, expect, it } from 'vitest';
import { conversationPermissions } from '../conversations.permissions.js';
import type { Conversation } from '../conversations.repository.js';
import { notAccepting } from '../conversations.service.js';
import { parseSeedLines, statementKey, statementProblem } from '../conversations.validation.js';
import { datesText, formValues, progressText } from '../conversations.view-models.js';

const conversation = (over: Partial<Conversation> = {}): Conversation => ({
  id: '00000000-0000-4000-8000-000000000001',
  placeId: 'place-a',
  question: 'Q?',
  context: '',
  opensAt: null,
  closesAt: null,
  audience: 'residents',
  anonymousAllowed: false,
  moderation: 'strict',
  status: 'open',
  nextStatementNumber: 0,
  nextParticipantNumber: 0,
  createdBy: null,
  openedAt: null,
  closedAt: null,
  createdAt: new Date(0),
  updatedAt: new Date(0),
  ...over,
});

describe('statement keys (duplicates)', () => {
  it('fold case, spacing and end punctuation, and nothing else', () => {
    expect(statementKey('Parks  need MORE benches!!')).toBe('parks need more benches');
    expect(statementKey('Parks need more benches')).toBe(statementKey('parks need more benches.'));
    expect(statementKey('Parks need more benches?')).toBe(statementKey('parks need more benches…'));
    expect(statementKey('Parks need fewer benches')).not.toBe(statementKey('Parks need more benches'));
    // NFKC: a full-width letter is the same letter.
    expect(statementKey('Ｐarks')).toBe('parks');
  });
});

describe('statement text', () => {
  it('counts characters as people do (an emoji is one) and names the length', () => {
    expect(statementProblem('🌳'.repeat(140))).toBeNull();
    expect(statementProblem('🌳'.repeat(141))).toBe('The statement must be 140 characters or fewer (it has 141)');
    expect(statementProblem('')).toBe('Enter the statement');
    expect(statementProblem('two\u0007lines')).toBe('The statement must be one line of plain text');
  });

  it('reads seed lines, skipping blanks and naming the first bad line', () => {
    expect(parseSeedLines('  One  \n\n Two   ideas \r\nThree')).toEqual({ seeds: ['One', 'Two ideas', 'Three'] });
    expect(parseSeedLines(`One\n\n${'x'.repeat(141)}`)).toEqual({
      message: 'Seed statement on line 3 must be 140 characters or fewer (it has 141)',
    });
    expect(parseSeedLines('Same\nsame.')).toEqual({ message: 'Seed statement on line 2 repeats an earlier line' });
    expect(parseSeedLines(Array.from({ length: 101 }, (_, i) => `S${i}`).join('\n'))).toEqual({
      message: 'Add at most 100 seed statements at a time',
    });
  });
});

describe('who may do what', () => {
  const officer = { id: 'u1', placeId: 'place-a', role: 'officer' as const };
  const resident = { id: 'u2', placeId: 'place-a', role: 'resident' as const };
  const otherOfficer = { id: 'u3', placeId: 'place-b', role: 'admin' as const };

  it('lets officers of the place run conversations, and no one else', () => {
    expect(conversationPermissions.canManage(officer, 'place-a')).toBe(true);
    expect(conversationPermissions.canManage(resident, 'place-a')).toBe(false);
    expect(conversationPermissions.canManage(otherOfficer, 'place-a')).toBe(false);
    expect(conversationPermissions.canManage(null, 'place-a')).toBe(false);
  });

  it('shows drafts only to officers', () => {
    const draft = conversation({ status: 'draft' });
    expect(conversationPermissions.canSee(officer, draft)).toBe(true);
    expect(conversationPermissions.canSee(resident, draft)).toBe(false);
    expect(conversationPermissions.canSee(null, conversation({ status: 'closed' }))).toBe(true);
  });

  it('asks people to sign in unless anyone with the link may take part without an account', () => {
    expect(conversationPermissions.mayTakePart(null, conversation())).toBe('sign-in');
    expect(conversationPermissions.mayTakePart(null, conversation({ audience: 'link' }))).toBe('sign-in');
    expect(conversationPermissions.mayTakePart(null, conversation({ audience: 'link', anonymousAllowed: true }))).toBe(
      'yes',
    );
    expect(conversationPermissions.mayTakePart(resident, conversation())).toBe('yes');
    expect(conversationPermissions.mayTakePart(otherOfficer, conversation())).toBe('sign-in');
  });
});

describe('dates', () => {
  // 1 July 2027 is in British Summer Time: London midnight is 23:00 UTC the day before.
  const opensAt = new Date('2027-06-30T23:00:00Z');
  const closesAt = new Date('2027-07-31T23:00:00Z'); // the instant after 31 July ends in London

  it('take votes only between the opening instant and the closing one, while open', () => {
    const c = conversation({ opensAt, closesAt });
    expect(notAccepting(c, new Date('2027-06-30T22:59:59Z'))).toBe('This conversation has not opened yet.');
    expect(notAccepting(c, new Date('2027-06-30T23:00:00Z'))).toBeNull();
    expect(notAccepting(c, new Date('2027-07-31T22:59:59Z'))).toBeNull();
    expect(notAccepting(c, new Date('2027-07-31T23:00:00Z'))).toBe('This conversation has closed.');
    expect(notAccepting(conversation({ status: 'closed' }), new Date())).toBe('This conversation has closed.');
    expect(notAccepting(conversation({ status: 'draft' }), new Date())).toBe('This conversation has not opened yet.');
  });

  it('are shown as London days, and the closing day is the last day', () => {
    const c = conversation({ opensAt, closesAt });
    expect(datesText(c)).toBe('From 1 July 2027 to 31 July 2027');
    expect(formValues(c)).toMatchObject({
      'opens-day': '1',
      'opens-month': '7',
      'opens-year': '2027',
      'closes-day': '31',
      'closes-month': '7',
    });
    expect(datesText(conversation())).toBe('Until the council closes it');
  });

  it('progress reads as a sentence', () => {
    expect(progressText({ voted: 12, total: 40 })).toBe('You have voted on 12 of 40 statements.');
    expect(progressText({ voted: 0, total: 1 })).toBe('You have voted on 0 of 1 statement.');
    expect(progressText({ voted: 0, total: 0 })).toBe('There are no statements to vote on yet.');
  });
});
