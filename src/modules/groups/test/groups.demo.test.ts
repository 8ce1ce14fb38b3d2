import { describe, expect, it } from 'vitest';
import { seedDemo } from '../../../demo.js';
import { useWorld } from '../../../../test/kit/index.js';
import { groupMembers, groupProjects } from '../groups.schema.js';

/** The demo's groups: a dozen across the wards, each with a lead, and their projects organised by a lead. */
const w = useWorld('groups-demo');

describe('the demo groups', () => {
  it('seeds a dozen groups with leads and members, and links group-led projects to groups their organisers lead', async () => {
    await seedDemo(w.services);
    const place = await w.services.places.resolve('localhost');
    if (!place) throw new Error('The demo place was not made');
    const groups = await w.services.groups.list(place.id, {});
    expect(groups).toHaveLength(12);
    expect(groups.every((g) => g.members >= 4)).toBe(true);
    const byWard = await w.services.groups.groupsByWard(place.id);
    expect(byWard.reduce((sum, r) => sum + r.groups, 0)).toBe(11);

    const members = await w.services.db.select().from(groupMembers);
    for (const g of groups) expect(members.some((m) => m.groupId === g.id && m.role === 'lead')).toBe(true);
    const links = await w.services.db.select().from(groupProjects);
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) {
      const project = await w.services.projects.findInPlace(place.id, link.projectId);
      expect(project?.leadType).toBe('community_group');
      const leads = members.filter((m) => m.groupId === link.groupId && m.role === 'lead').map((m) => m.userId);
      expect(leads).toContain(link.linkedBy);
    }
  });
});
