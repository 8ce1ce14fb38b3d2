import { describe, expect, it } from 'vitest';
import { fromLondon } from '../../../lib/london-time.js';
import { projects, sessionSeries, sessions } from '../../../../test/schema.js';
import { $ } from '../../../../test/helpers.js';
import { useWorld, type World } from '../../../../test/kit/index.js';
import { categoryLabels } from '../index.js';

/** Regression tests: one category label set on every page, and times from 12:00 to 12:59 read "12:30pm". */
let sessionId: string;
// A summer lunchtime (British Summer Time) next year, so it is always upcoming.
const day = `${new Date().getUTCFullYear() + 1}-07-15`;
const lunchtime = fromLondon(day, '12:30');

/** A published project meeting at lunchtime, and a pending one proposed at lunchtime. */
async function seedLunchtime({ services, a }: World) {
  const officer = a.staff.officer;
  const [published, pending] = await services.db
    .insert(projects)
    .values([
      {
        placeId: a.place.id,
        title: 'Street choir',
        summary: 'Sing together',
        category: 'other',
        areaId: a.wards[0]!.id,
        status: 'published',
        publishedAt: new Date(),
        createdBy: officer.user.id,
      },
      {
        placeId: a.place.id,
        title: 'Lunchtime litter pick',
        summary: 'Tidy the park',
        category: 'other',
        areaId: a.wards[0]!.id,
        status: 'pending',
        createdBy: officer.user.id,
        createdAt: lunchtime,
      },
    ])
    .returning();
  if (!pending) throw new Error('the pending project was not stored');
  const [series] = await services.db
    .insert(sessionSeries)
    .values({
      placeId: a.place.id,
      projectId: published!.id,
      title: 'Choir practice',
      startsAt: lunchtime,
      durationMinutes: 60,
    })
    .returning();
  const [session] = await services.db
    .insert(sessions)
    .values({
      placeId: a.place.id,
      seriesId: series!.id,
      projectId: published!.id,
      areaId: a.wards[0]!.id,
      startsAt: lunchtime,
      endsAt: new Date(lunchtime.getTime() + 3_600_000),
      durationMinutes: 60,
    })
    .returning();
  sessionId = session!.id;
}
const w = useWorld('labels-and-times', { setUp: seedLunchtime });

const optionTexts = (html: string, select: string) =>
  $(html)(`select#${select} option`)
    .map((_i, el) => $(html)(el).text().trim())
    .get()
    .slice(1);

describe('one label for each project category', () => {
  it("names the categories the same on What's on and on Projects", async () => {
    const browser = await w.as(null);
    const whatsOn = await browser.get('/whats-on');
    const list = await browser.get('/projects');
    expect(whatsOn.statusCode).toBe(200);
    expect(list.statusCode).toBe(200);
    const expected = Object.values(categoryLabels);
    expect(optionTexts(whatsOn.body, 'category')).toEqual(expected);
    expect(optionTexts(list.body, 'category')).toEqual(expected);
    expect(expected).toContain('Something else');
    expect(expected).not.toContain('Other');
    // The project's own card uses the same word.
    expect($(list.body)('#projects').text()).toContain('Something else');
  });
});

describe('times from 12:00 to 12:59', () => {
  const reads1230 = (text: string) => {
    expect(text).toContain('12:30pm');
    expect(text).not.toMatch(/\b0:30\s?pm/);
  };

  it("show as 12:30pm on What's on, the session page and the home page", async () => {
    const browser = await w.as(null);
    for (const url of ['/whats-on', `/sessions/${sessionId}`, '/']) {
      const res = await browser.get(url);
      expect(res.statusCode, url).toBe(200);
      reads1230($(res.body)('main').text());
    }
  });

  it('show as 12:30pm in the moderation queue', async () => {
    const browser = await w.as(w.a.staff.officer);
    const res = await browser.get('/admin/projects');
    expect(res.statusCode).toBe(200);
    const pending = $(res.body)('#pending').text();
    expect(pending).toContain('Lunchtime litter pick');
    reads1230(pending);
  });
});
