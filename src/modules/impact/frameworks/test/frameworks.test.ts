import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { makeProject } from '../../../../../test/factories/index.js';
import { $, errorSummary } from '../../../../../test/helpers.js';
import { expectNothingStored, systemCtx, useWorld } from '../../../../../test/kit/index.js';
import { impactFrameworks, impactOutcomes } from '../../../../../test/schema.js';
import { insertSession } from '../../../participation/test/attendance.fixtures.js';
import { lastTwelve, monthsAgo, seedParticipation } from '../../test/impact.fixtures.js';

let id = '';

const w = useWorld('impact-frameworks', {
  async setUp(w) {
    await seedParticipation(w.services, w.a.place.id);
  },
});

const outputs = (html: string) => {
  const q = $(html);
  return Object.fromEntries(
    q('#outputs-table tbody tr')
      .map((_i, el) => [[q(el).attr('data-output'), q(el).find('td').text().trim()]])
      .get() as [string, string][],
  );
};

describe('outcome frameworks', () => {
  it('an officer starts a place framework whose outputs come from participation records', async () => {
    const br = await w.as(w.a.staff.officer);
    const res = await br.post('/impact/frameworks/new', {
      name: 'Neighbourhood participation',
      projectId: '',
      activities: 'Weekly cooking\nRepair café',
    });
    expect(res.statusCode).toBe(303);
    id = res.headers.location!.split('/')[3]!;
    const page = await br.get(`/impact/frameworks/${id}`);
    // seedParticipation: 15 people, 12 regular, 3 sessions × 12 + 3 = 39 attendances, 2 volunteer hours.
    expect(outputs(page.body)).toMatchObject({
      participants: '15',
      regularParticipants: '12',
      attendances: '39',
      volunteerHours: '2',
      sessions: '3',
    });
    expect($(page.body)('h2:contains("Activities") + ul li').length).toBe(2);
  });

  it('adds outcomes with indicators and evidence records', async () => {
    const br = await w.as(w.a.staff.officer);
    expect(
      (
        await br.post(`/impact/frameworks/${id}/outcomes`, {
          label: 'Less loneliness',
          indicator: 'Share who feel lonely often',
          measurement: 'survey',
          unit: '%',
        })
      ).statusCode,
    ).toBe(303);
    const [outcome] = await w.services.db.select().from(impactOutcomes).where(eq(impactOutcomes.frameworkId, id));
    const period = lastTwelve();
    const res = await br.post(
      `/impact/frameworks/${id}/evidence`,
      {
        outcomeId: outcome!.id,
        periodFrom: period.from,
        periodTo: period.to,
        value: '18.5',
        sampleSize: '61',
        method: 'ONS loneliness question',
        sourceUrl: 'https://example.org/report',
      },
      `/impact/frameworks/${id}`,
    );
    expect(res.statusCode).toBe(303);
    const page = await br.get(`/impact/frameworks/${id}`);
    const table = $(page.body)(`#outcome-${outcome!.id} + p + table`).text();
    expect(table).toContain('18.5');
    expect(table).toContain('61');
  });

  it.each([
    [{ periodFrom: '2026-02-30' }, 'Enter the start of the period as a real date, like 2026-03-31'],
    [{ periodFrom: '2026-03-01', periodTo: '2026-01-01' }, 'The end of the period must be on or after its start'],
    [{ value: 'lots' }, 'Enter the value as a number, like 42 or 3.5'],
    [{ sampleSize: '0' }, 'The sample size must be between 1 and 10,000,000'],
    [{ sourceUrl: 'javascript:alert(1)' }, 'The link must start with https:// or http://'],
    [{ outcomeId: '00000000-0000-4000-8000-000000000000' }, 'Choose an outcome of this framework'],
  ])('refuses evidence with %o and stores nothing', async (change, message) => {
    const br = await w.as(w.a.staff.officer);
    const [outcome] = await w.services.db.select().from(impactOutcomes).where(eq(impactOutcomes.frameworkId, id));
    const res = await expectNothingStored(w.t.database, () =>
      br.post(
        `/impact/frameworks/${id}/evidence`,
        {
          outcomeId: outcome!.id,
          periodFrom: '2026-01-01',
          periodTo: '2026-03-31',
          value: '1',
          sampleSize: '',
          method: 'x',
          sourceUrl: '',
          ...change,
        },
        `/impact/frameworks/${id}`,
      ),
    );
    expect(res.statusCode).toBe(422);
    expect(errorSummary(res.body)).toContain(message);
  });

  it('is hidden from residents until published, then public and read-only', async () => {
    const res = await (await w.as(w.a.staff.resident)).get(`/impact/frameworks/${id}`);
    expect(res.statusCode).toBe(404);
    expect((await (await w.as(null)).get('/impact/frameworks')).body).not.toContain('Neighbourhood participation');
    const br = await w.as(w.a.staff.officer);
    expect((await br.post(`/impact/frameworks/${id}/publish`, {}, `/impact/frameworks/${id}`)).statusCode).toBe(303);
    const [f] = await w.services.db.select().from(impactFrameworks).where(eq(impactFrameworks.id, id));
    expect(f!.status).toBe('published');
    const open = await (await w.as(null)).get(`/impact/frameworks/${id}`);
    expect(open.statusCode).toBe(200);
    expect($(open.body)('form[action$="/outcomes"]').length).toBe(0);
    expect(outputs(open.body).participants).toBe('15');
    const resident2 = await w.as(w.a.staff.resident);
    expect(
      (
        await resident2.post(
          `/impact/frameworks/${id}/outcomes`,
          { label: 'x', indicator: 'y', measurement: 'count', unit: '' },
          `/impact/frameworks/${id}`,
        )
      ).statusCode,
    ).toBe(403);
  });

  it('stays in its own place', async () => {
    expect((await (await w.as(w.b.staff.officer, w.b)).get(`/impact/frameworks/${id}`)).statusCode).toBe(404);
    expect((await (await w.as(null, w.b)).get(`/impact/frameworks/${id}`)).statusCode).toBe(404);
  });
});

describe('project frameworks', () => {
  it("a project framework counts only that project's sessions", async () => {
    // Place B, whose participation no other test here counts.
    const c = w.b;
    await seedParticipation(w.services, c.place.id);
    const project = await makeProject(w.services, c.staff.organiser);
    const session = await insertSession(w.services.db, c.place.id, project.id, { startsAt: monthsAgo(2), minutes: 60 });
    const newcomers = [];
    for (let i = 0; i < 11; i++) newcomers.push((await w.person('resident', c)).user.id);
    await w.services.attendance.saveRegister(systemCtx(c.place.id), { token: true }, session.id, {
      attendees: newcomers.map((userId) => ({ userId })),
      headcount: 4,
    });
    const br = await w.as(c.staff.officer, c);
    const res = await br.post('/impact/frameworks/new', { name: 'Soup club', projectId: project.id, activities: '' });
    expect(res.statusCode).toBe(303);
    const page = await br.get(res.headers.location!);
    // 11 named people and 4 head-counted at its one session; the place as a whole has 26 people.
    expect(outputs(page.body)).toMatchObject({ participants: '11', attendances: '15', sessions: '1' });
    expect($(page.body)('p:contains("this project\'s sessions")').length).toBe(1);
    const whole = await br.post('/impact/frameworks/new', { name: 'Everything', projectId: '', activities: '' });
    expect(outputs((await br.get(whole.headers.location!)).body)).toMatchObject({ participants: '26', sessions: '4' });
  });
});
