import { roleLabels, roles, type Role } from '../../platform/context.js';
import type { FormErrors } from '../../platform/forms.js';
import { consentMethods, type User } from '../../core/accounts/index.js';
import type { Area } from '../../core/areas/index.js';
import type { AuditEvent } from '../../core/audit/index.js';
import type { Place } from '../../core/places/index.js';
import { participationPaths } from '../participation/index.js';
import { projectPaths } from '../projects/index.js';
import { adminPaths } from './admin.paths.js';
import type { AuditQuery, PeopleQuery } from './admin.validation.js';

/** How a resident without email agreed to staff creating their account, as pages say it. */
export const consentLabels: Record<(typeof consentMethods)[number], string> = {
  'in-person': 'In person',
  phone: 'On the phone',
  'paper-form': 'On a paper form',
};

type Ward = Pick<Area, 'id' | 'name'>;

/** The admin home page's links to the staff pages other modules own. */
export function adminHomeView() {
  return { moderationHref: projectPaths.queue, dashboardHref: participationPaths.dashboard };
}
type Values = Record<string, unknown>;

/** The people filter's role list: any role, then each role, the chosen one selected. */
function roleFilterItems(selected: Role | undefined) {
  return [
    { value: '', text: 'Any role' },
    ...roles.map((r) => ({ value: r, text: roleLabels[r], selected: r === selected })),
  ];
}

/** One radio per role, `checked` ticked. */
export function roleRadioItems(checked: unknown) {
  return roles.map((r) => ({ value: r, text: roleLabels[r], checked: r === checked }));
}

/** A link to another page of the people list, keeping the search. */
function peoplePageHref(filter: PeopleQuery, page: number): string {
  return `${adminPaths.people}?${new URLSearchParams({ page: String(page), q: filter.q ?? '', role: filter.role ?? '' })}`;
}

/** The people list: one page of people, the filter form and links to the pages either side. */
export function peopleView<P>(input: {
  people: P[];
  total: number;
  filter: PeopleQuery;
  pageSize: number;
  errors: FormErrors | undefined;
}) {
  const { filter } = input;
  const pages = Math.max(1, Math.ceil(input.total / input.pageSize));
  return {
    people: input.people,
    total: input.total,
    filter,
    roleItems: roleFilterItems(filter.role),
    pagination:
      pages > 1
        ? {
            previous: filter.page > 1 ? { href: peoplePageHref(filter, filter.page - 1) } : undefined,
            next: filter.page < pages ? { href: peoplePageHref(filter, filter.page + 1) } : undefined,
          }
        : undefined,
    errors: input.errors,
  };
}

/** One person's page: their details, how an assisted account was agreed, and the role form for admins. */
export function personView(input: {
  person: User;
  ward: Ward | undefined;
  canChangeRole: boolean;
  errors?: FormErrors | undefined;
}) {
  const { person } = input;
  return {
    person,
    ward: input.ward,
    canChangeRole: input.canChangeRole,
    roleItems: roleRadioItems(person.role),
    consentLabel: person.consentMethod ? consentLabels[person.consentMethod as keyof typeof consentLabels] : undefined,
    errors: input.errors,
  };
}

/** The form to create an account for a resident without email. */
export function assistedFormView(wards: Ward[], values: Values, errors?: FormErrors) {
  return {
    errors,
    values,
    wards: [
      { value: '', text: 'Choose a ward' },
      ...wards.map((w) => ({ value: w.id, text: w.name, selected: w.id === values.homeAreaId })),
    ],
    consentItems: consentMethods.map((m) => ({
      value: m,
      text: consentLabels[m],
      checked: m === values.consentMethod,
    })),
  };
}

/** The filter's values as query parameters, for the link to older entries. */
function filterParams(filter: AuditQuery): Record<string, string> {
  const { action, actor, subject, from, to } = filter;
  return Object.fromEntries(
    Object.entries({ action, actor, subject, from, to }).filter((e): e is [string, string] => Boolean(e[1])),
  );
}

/** The audit log: a page of events, the filter, and a link to older entries. */
export function auditView(input: {
  events: AuditEvent[];
  actions: string[];
  filter: AuditQuery;
  /** The last event of this page, when there are older ones. */
  olderThan: AuditEvent | undefined;
}) {
  return {
    events: input.events,
    actionItems: actionItems(input.actions, input.filter.action),
    values: input.filter,
    olderHref: input.olderThan
      ? `${adminPaths.audit}?${new URLSearchParams({ ...filterParams(input.filter), before: String(input.olderThan.id) })}`
      : undefined,
  };
}

/** The audit log when the filter was not understood: the filter as typed, with the errors, and no events. */
export function auditErrorView(actions: string[], values: Values, errors: FormErrors) {
  return { events: [], actionItems: actionItems(actions, values.action), values, errors };
}

function actionItems(actions: string[], selected: unknown) {
  return [{ value: '', text: 'Any action' }, ...actions.map((a) => ({ value: a, text: a, selected: a === selected }))];
}

/** The place's settings as the settings form shows them. */
export function settingsValues(place: Place): Values {
  const { settings } = place;
  return {
    name: place.name,
    contactEmail: settings.contactEmail ?? '',
    projectModeration: settings.projectModeration ?? 'pre',
    suppressBelow: String(settings.suppressBelow ?? 10),
    targetResidents: settings.participationTarget?.residents ?? '',
    targetYears: settings.participationTarget?.years ?? '',
    targetStart: settings.participationTarget?.startDate ?? '',
  };
}

/** The API tokens page: every token, the form to create one, and a new token's secret, once. */
export function tokensView<T>(input: {
  tokens: T[];
  errors: FormErrors | undefined;
  values: Values;
  created: { secret: string; name: string } | undefined;
}) {
  return {
    tokens: input.tokens,
    errors: input.errors,
    values: input.values,
    created: input.created,
    roleItems: roleRadioItems(input.values.role ?? 'officer'),
  };
}
