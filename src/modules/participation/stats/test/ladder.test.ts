import { describe, expect, it } from 'vitest';
import { isRegular, ladderStep, nextStep, type LadderAttendance, type LadderMembership } from '../ladder.js';

const came = (...days: string[]): LadderAttendance[] => days.map((day) => ({ day, role: 'participant' }));
const member = (m: Partial<LadderMembership>): LadderMembership => ({
  role: 'member',
  stage: 'running',
  published: true,
  hasHeldSessions: true,
  ...m,
});

describe('participation ladder', () => {
  it('no activity is not yet started; one visit is a first visit', () => {
    expect(ladderStep({ attendances: [], memberships: [] })).toBe('not_yet');
    expect(ladderStep({ attendances: came('2025-06-03'), memberships: [] })).toBe('first_visit');
  });

  it('regular means 3 different weeks within 90 days', () => {
    // Tue 3 Jun, Wed 4 Jun (same week), Tue 10 Jun: only 2 weeks.
    expect(isRegular(['2025-06-03', '2025-06-04', '2025-06-10'])).toBe(false);
    // 3 Jun, 10 Jun, 17 Jun: 3 weeks.
    expect(isRegular(['2025-06-03', '2025-06-10', '2025-06-17'])).toBe(true);
    // 1 Jan to 31 Mar 2025 is 89 days apart: inside the window.
    expect(isRegular(['2025-01-01', '2025-02-12', '2025-03-31'])).toBe(true);
    // 1 Jan to 1 Apr is 90 days apart: outside it.
    expect(isRegular(['2025-01-01', '2025-02-12', '2025-04-01'])).toBe(false);
    // Sunday 8 Jun and Monday 9 Jun are different ISO weeks.
    expect(isRegular(['2025-06-01', '2025-06-08', '2025-06-09'])).toBe(true);
    expect(ladderStep({ attendances: came('2025-06-03', '2025-06-10', '2025-06-17'), memberships: [] })).toBe(
      'regular',
    );
  });

  it('volunteering or leading once makes a contributor', () => {
    expect(ladderStep({ attendances: [{ day: '2025-06-03', role: 'volunteer' }], memberships: [] })).toBe(
      'contributor',
    );
    expect(ladderStep({ attendances: [{ day: '2025-06-03', role: 'lead' }], memberships: [] })).toBe('contributor');
  });

  it('co-designer: member or co-organiser of a project that has held sessions', () => {
    expect(ladderStep({ attendances: [], memberships: [member({})] })).toBe('co_designer');
    expect(ladderStep({ attendances: [], memberships: [member({ role: 'co_organiser' })] })).toBe('co_designer');
    expect(ladderStep({ attendances: came('2025-06-03'), memberships: [member({ hasHeldSessions: false })] })).toBe(
      'first_visit',
    );
  });

  it('organising a published project makes a project lead; an enterprise an entrepreneur', () => {
    expect(ladderStep({ attendances: [], memberships: [member({ role: 'organiser', hasHeldSessions: false })] })).toBe(
      'project_lead',
    );
    expect(ladderStep({ attendances: [], memberships: [member({ role: 'organiser', published: false })] })).toBe(
      'not_yet',
    );
    expect(ladderStep({ attendances: [], memberships: [member({ role: 'organiser', stage: 'enterprise' })] })).toBe(
      'entrepreneur',
    );
    // A member (not organiser) of an enterprise is a co-designer.
    expect(ladderStep({ attendances: [], memberships: [member({ stage: 'enterprise' })] })).toBe('co_designer');
  });

  it('names the next step, and none at the top', () => {
    expect(nextStep('first_visit')).toBe('regular');
    expect(nextStep('entrepreneur')).toBeNull();
  });
});
