import { projectMembers, projects, spaces } from '../../../../test/schema.js';
import type { Services } from '../../../services.js';

/** A project inserted directly (the projects pages are another module's work). */
export async function insertProject(
  services: Services,
  placeId: string,
  opts: {
    /** An id of the service's choosing, such as the demo's (not RFC 4122). */
    id?: string;
    title?: string;
    areaId?: string | null;
    category?: (typeof projects.$inferSelect)['category'];
    status?: 'pending' | 'published' | 'declined';
    organiserId?: string;
  } = {},
) {
  const [project] = await services.db
    .insert(projects)
    .values({
      ...(opts.id ? { id: opts.id } : {}),
      placeId,
      title: opts.title ?? 'Repair café',
      summary: 'Fixing things together',
      category: opts.category ?? 'repair',
      areaId: opts.areaId ?? null,
      status: opts.status ?? 'published',
      publishedAt: new Date(),
    })
    .returning();
  if (opts.organiserId)
    await services.db
      .insert(projectMembers)
      .values({ projectId: project!.id, placeId, userId: opts.organiserId, role: 'organiser' });
  return project!;
}

export async function insertSpace(
  services: Services,
  placeId: string,
  opts: { id?: string; name?: string; areaId?: string | null } = {},
) {
  const [space] = await services.db
    .insert(spaces)
    .values({
      ...(opts.id ? { id: opts.id } : {}),
      placeId,
      name: opts.name ?? 'Community hall',
      kind: 'hall',
      address: '1 High Street',
      areaId: opts.areaId ?? null,
    })
    .returning();
  return space!;
}

/** A scheduling form filled in, with overrides. */
export function sessionForm(over: Record<string, string> = {}): Record<string, string> {
  return {
    title: 'Fix-it morning',
    description: 'Bring broken things',
    spaceId: '',
    'date-day': '23',
    'date-month': '3',
    'date-year': '2027',
    startTime: '10:00',
    durationMinutes: '90',
    repeat: 'none',
    capacity: '',
    dropIn: 'no',
    ...over,
  };
}
