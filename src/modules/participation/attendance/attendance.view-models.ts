import type { FormErrors } from '../../../platform/forms.js';
import type { Person } from '../../../core/accounts/index.js';
import type { Session } from '../../sessions/index.js';
import type { Attendance } from './attendance.repository.js';
import { attendanceRoles, type SheetRow } from './attendance.csv.js';

const roleLabels: Record<string, string> = { participant: 'Participant', volunteer: 'Volunteer', lead: 'Lead' };

/** One person on the register: who, why they are listed, and what was ticked. */
export type RegisterRow = {
  userId: string;
  name: string;
  email: string | null;
  note: string;
  present: boolean;
  role: string;
  minutes: string;
};

type Listed = { status: string; person: Pick<Person, 'id' | 'displayName' | 'email'> };
type Recorded = Attendance & { person: Pick<Person, 'displayName' | 'email'> };

/** Booked, then waitlisted, people are noted as such; the rest did not book. */
export function bookingNotes(bookings: Listed[]): Map<string, string> {
  return new Map(bookings.map((b) => [b.person.id, b.status === 'booked' ? 'Booked' : 'On the waiting list']));
}

/** Volunteer minutes are shown only when they differ from the session's length (the default). */
const minutesShown = (r: Pick<Attendance, 'role' | 'minutes'>, session: Pick<Session, 'durationMinutes'>) =>
  r.role === 'volunteer' && r.minutes !== session.durationMinutes ? String(r.minutes) : '';

/** The register as recorded: everyone booked (ticked if they came), then those recorded without booking. */
export function recordedRows(
  session: Pick<Session, 'durationMinutes'>,
  bookings: Listed[],
  recorded: Recorded[],
  showEmail: boolean,
): RegisterRow[] {
  const notes = bookingNotes(bookings);
  const byUser = new Map(recorded.map((r) => [r.userId, r]));
  const rows: RegisterRow[] = bookings.map((b) => {
    const r = byUser.get(b.person.id);
    return {
      userId: b.person.id,
      name: b.person.displayName,
      email: showEmail ? b.person.email : null,
      note: notes.get(b.person.id)!,
      present: Boolean(r),
      role: r?.role ?? 'participant',
      minutes: r ? minutesShown(r, session) : '',
    };
  });
  for (const r of recorded) {
    if (notes.has(r.userId)) continue;
    rows.push({
      userId: r.userId,
      name: r.person.displayName,
      email: showEmail ? r.person.email : null,
      note: 'Did not book',
      present: true,
      role: r.role,
      minutes: minutesShown(r, session),
    });
  }
  return rows;
}

/** The register as posted back (after a search or a refusal): the rows it listed, with what was ticked. */
export function postedRows(
  values: Record<string, unknown>,
  people: Map<string, Pick<Person, 'id' | 'displayName' | 'email'>>,
  notes: Map<string, string>,
  showEmail: boolean,
): RegisterRow[] {
  const arr = (k: string) => {
    const v = values[k];
    return (Array.isArray(v) ? v : v === undefined ? [] : [v]).map(String);
  };
  const present = new Set(arr('present'));
  const roles = arr('role');
  const minutes = arr('minutes');
  const rows: RegisterRow[] = [];
  arr('person').forEach((pid, i) => {
    const p = people.get(pid);
    if (!p || rows.some((r) => r.userId === pid)) return;
    rows.push({
      userId: p.id,
      name: p.displayName,
      email: showEmail ? p.email : null,
      note: notes.get(p.id) ?? 'Did not book',
      present: present.has(p.id),
      role: roles[i] ?? 'participant',
      minutes: minutes[i] ?? '',
    });
  });
  return rows;
}

/** People found by a search who are not listed yet, unticked. */
export function searchRows(
  found: Pick<Person, 'id' | 'displayName' | 'email'>[],
  listed: RegisterRow[],
  showEmail: boolean,
): RegisterRow[] {
  return found
    .filter((p) => !listed.some((r) => r.userId === p.id))
    .map((p) => ({
      userId: p.id,
      name: p.displayName,
      email: showEmail ? p.email : null,
      note: 'Found by search: tick if they came',
      present: false,
      role: 'participant',
      minutes: '',
    }));
}

/** What the register page says after a save or an import. */
export function registerBanner(
  flash: { saved?: string | undefined; imported?: string | undefined },
  errors?: FormErrors,
) {
  if (errors) return null;
  if (flash.saved !== undefined) return 'Attendance saved.';
  if (flash.imported !== undefined)
    return `Sign-in sheet imported: ${flash.imported}${flash.imported === '1' ? ' person' : ' people'} recorded.`;
  return null;
}

/** The register's rows with their select items. */
export function registerRowItems(rows: RegisterRow[]) {
  return rows.map((r, i) => ({
    ...r,
    index: i,
    roleItems: attendanceRoles.map((value) => ({ value, text: roleLabels[value], selected: value === r.role })),
  }));
}

/** The rows a clean sheet will import, for the confirm page. */
export function importRows(
  matched: { row: SheetRow; person: Pick<Person, 'displayName' | 'email'> }[],
  showEmail: boolean,
) {
  return matched.map(({ row, person }) => ({
    row: row.row,
    name: person.displayName,
    email: showEmail ? person.email : null,
    role: roleLabels[row.role],
    minutes: row.minutes,
  }));
}
