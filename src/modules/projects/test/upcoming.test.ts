import { describe, expect, it } from 'vitest';
import { projects, sessionSeries, sessions } from '../../../../test/schema.js';
import { $ } from '../../../../test/helpers.js';
import { useWorld } from '../../../../test/kit/index.js';

const w = useWorld('upcoming');

describe('the project page', () => {
  it('lists when a published project next meets, soonest first, without cancelled or past sessions', async () => {
    const { place, wards } = w.a;
    const { user } = w.a.staff.organiser;
    const [project] = await w.services.db
      .insert(projects)
      .values({
        placeId: place.id,
        title: 'Repair café',
        summary: 'Fix things',
        category: 'repair',
        areaId: wards[0]!.id,
        status: 'published',
        createdBy: user.id,
      })
      .returning();
    const now = Date.now();
    const at = (days: number) => new Date(now + days * 86_400_000);
    const [series] = await w.services.db
      .insert(sessionSeries)
      .values({
        placeId: place.id,
        projectId: project!.id,
        title: 'Repair café',
        startsAt: at(-7),
        durationMinutes: 120,
      })
      .returning();
    const occurrence = (days: number, cancelled = false) => ({
      placeId: place.id,
      seriesId: series!.id,
      projectId: project!.id,
      areaId: wards[0]!.id,
      startsAt: at(days),
      endsAt: new Date(at(days).getTime() + 7_200_000),
      durationMinutes: 120,
      cancelledAt: cancelled ? new Date() : null,
    });
    await w.services.db.insert(sessions).values([occurrence(-7), occurrence(14), occurrence(7), occurrence(21, true)]);

    const page = await (await w.as(null)).get(`/projects/${project!.id}`);
    const q = $(page.body);
    const heading = q('h2').filter((_i, el) => q(el).text().trim() === 'When it meets');
    expect(heading).toHaveLength(1);
    const times = heading
      .next('ul')
      .find('time')
      .map((_i, el) => q(el).attr('datetime'))
      .get();
    expect(times).toEqual([at(7), at(14)].map((d) => d.toISOString()));
    expect(q(`a[href="/projects/${project!.id}/calendar.ics"]`)).toHaveLength(1);
  });
});
