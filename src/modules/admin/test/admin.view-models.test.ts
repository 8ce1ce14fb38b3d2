import { describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../../core/audit/index.js';
import { auditView, consentLabels, peopleView, personView } from '../admin.view-models.js';

describe('people list view', () => {
  const base = { people: [], pageSize: 50, errors: undefined };

  it('has no page links when everyone fits on one page', () => {
    expect(peopleView({ ...base, total: 50, filter: { page: 1, role: undefined, q: undefined } }).pagination).toBe(
      undefined,
    );
  });

  it('links to the pages either side, keeping the search and role, encoded', () => {
    const view = peopleView({ ...base, total: 120, filter: { page: 2, role: 'officer', q: 'Ann & Bob' } });
    expect(view.pagination).toEqual({
      previous: { href: '/admin/people?page=1&q=Ann+%26+Bob&role=officer' },
      next: { href: '/admin/people?page=3&q=Ann+%26+Bob&role=officer' },
    });
  });

  it('has no next link on the last page and no previous link on the first', () => {
    const first = peopleView({ ...base, total: 120, filter: { page: 1, role: undefined, q: undefined } });
    expect(first.pagination).toEqual({ previous: undefined, next: { href: '/admin/people?page=2&q=&role=' } });
    const last = peopleView({ ...base, total: 120, filter: { page: 3, role: undefined, q: undefined } });
    expect(last.pagination).toEqual({ previous: { href: '/admin/people?page=2&q=&role=' }, next: undefined });
  });
});

describe('person view', () => {
  it('says how an assisted account was agreed, with the consent label', () => {
    const person = { id: 'p', role: 'resident', consentMethod: 'paper-form' } as Parameters<
      typeof personView
    >[0]['person'];
    const view = personView({ person, ward: undefined, canChangeRole: true });
    expect(view.consentLabel).toBe(consentLabels['paper-form']);
    expect(view.roleItems.filter((i) => i.checked).map((i) => i.value)).toEqual(['resident']);
  });
});

describe('audit log view', () => {
  it('links to older entries before the last one shown, keeping the filter', () => {
    const last = { id: 4711 } as AuditEvent;
    const view = auditView({
      events: [last],
      actions: ['account.signed_in'],
      filter: { action: 'account.signed_in', actor: undefined, subject: undefined, from: '2026-03-01', to: undefined },
      olderThan: last,
    });
    expect(view.olderHref).toBe('/admin/audit?action=account.signed_in&from=2026-03-01&before=4711');
    expect(view.actionItems).toEqual([
      { value: '', text: 'Any action' },
      { value: 'account.signed_in', text: 'account.signed_in', selected: true },
    ]);
  });

  it('has no link to older entries on the last page', () => {
    const view = auditView({
      events: [],
      actions: [],
      filter: { action: undefined, actor: undefined, subject: undefined, from: undefined, to: undefined },
      olderThan: undefined,
    });
    expect(view.olderHref).toBe(undefined);
  });
});
