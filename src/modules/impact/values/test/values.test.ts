import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { $, createPlace, errorSummary } from '../../../../../test/helpers.js';
import { expectNothingStored, useWorld } from '../../../../../test/kit/index.js';
import { auditEvents, impactDeflators, impactValues } from '../../../../../test/schema.js';

const w = useWorld('impact-values');
const officer = () => w.as(w.a.staff.officer);
const resident = () => w.as(w.a.staff.resident);

const goodValue = {
  description: 'An older person no longer lonely for a year',
  code: 'LOCAL-1',
  value: '£1,234.56',
  unit: 'per person per year',
  priceYear: '2022/23',
  valueType: 'social',
  agency: 'Residents',
  confidenceGrade: '4',
  source: 'Our own survey, 2023',
  sourceUrl: 'https://example.org/survey',
  licence: 'HACT UK Social Value Bank licence held by the council',
  attribution: 'Value from the UK Social Value Bank, used under licence.',
};

describe('value library', () => {
  it('ships the WELLBY with its licence and nothing from HACT', async () => {
    const br = await officer();
    const res = await br.get('/impact/values?priceYear=2019');
    expect(res.statusCode).toBe(200);
    const rows = await w.services.db.select().from(impactValues).where(eq(impactValues.placeId, w.a.place.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      code: 'WELLBY',
      valuePence: 1_300_000,
      priceYear: 2019,
      valueType: 'social',
      licence: 'Open Government Licence v3.0',
      origin: 'shipped',
    });
    expect(rows.some((r) => /HACT|Social Value Bank/i.test(`${r.source} ${r.licence}`))).toBe(false);
    const row = $(res.body)(`#value-${rows[0]!.id}`);
    expect(row.text()).toContain('£13,000.00');
    expect(row.text()).toContain('Open Government Licence v3.0');
    // Uprated to its own year, the figure is the same.
    expect(row.find('td').eq(1).text().trim()).toBe('£13,000.00');
  });

  it('shows a value uprated with the deflator series: £13,000 × 121.9 ÷ 100 = £15,847 in 2024 prices', async () => {
    const br = await officer();
    const res = await br.get('/impact/values?priceYear=2024');
    const wellby = (await w.services.db.select().from(impactValues).where(eq(impactValues.placeId, w.a.place.id)))[0]!;
    expect($(res.body)(`#value-${wellby.id} td`).eq(1).text().trim()).toBe('£15,847.00');
    // The shipped series is approximate, and the page says so.
    expect($(res.body)('.govuk-warning-text').text()).toContain('approximate');
  });

  it('adds a council value with its licence, in pence, and audits it', async () => {
    const br = await officer();
    const res = await br.post('/impact/values/new', goodValue);
    expect(res.statusCode).toBe(303);
    const [row] = await w.services.db
      .select()
      .from(impactValues)
      .where(and(eq(impactValues.placeId, w.a.place.id), eq(impactValues.code, 'LOCAL-1')));
    expect(row).toMatchObject({
      valuePence: 123_456,
      priceYear: 2022,
      priceYearLabel: '2022/23',
      confidenceGrade: 4,
      origin: 'local',
    });
    const audit = await w.services.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.placeId, w.a.place.id), eq(auditEvents.action, 'impact.value_added')));
    expect(audit).toHaveLength(1);
  });

  it.each([
    [{ value: '-5' }, 'value', 'The value must be an amount in pounds, like 13000 or 12.50'],
    [{ value: '' }, 'value', 'Enter the value'],
    [
      { priceYear: '2010/12' },
      'priceYear',
      'Enter the price year as a year like 2019, or a financial year like 2010/11',
    ],
    [{ valueType: 'magic' }, 'valueType', 'Choose the type of value'],
    [{ confidenceGrade: '7' }, 'confidenceGrade', 'Choose a confidence grade from 1 to 6'],
    [{ licence: '' }, 'licence', 'Enter the licence'],
    [{ sourceUrl: 'javascript:alert(1)' }, 'sourceUrl', 'The link must start with https:// or http://'],
  ])('refuses %o with a clear error and stores nothing', async (change, field, message) => {
    const br = await officer();
    const res = await expectNothingStored(w.t.database, () =>
      br.post('/impact/values/new', { ...goodValue, code: 'BAD', ...change }),
    );
    expect(res.statusCode).toBe(422);
    expect(errorSummary(res.body)).toContain(message);
    expect($(res.body)(`.govuk-error-summary a[href="#${field}"]`).length).toBe(1);
  });

  it('escapes what people type', async () => {
    const br = await officer();
    await br.post('/impact/values/new', { ...goodValue, code: 'XSS', description: '<script>alert(1)</script> value' });
    const res = await br.get('/impact/values');
    expect(res.body).not.toContain('<script>alert(1)</script>');
    expect(res.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt; value');
  });

  it('lets only officers and admins in, and keeps each place’s library to itself', async () => {
    expect((await (await resident()).get('/impact/values')).statusCode).toBe(403);
    expect((await (await w.as(null)).get('/impact/values')).statusCode).toBe(303); // to sign in
    expect((await (await resident()).post('/impact/values/new', goodValue)).statusCode).toBe(403);
    const res = await (await w.as(w.b.staff.officer, w.b)).get('/impact/values');
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain('LOCAL-1');
    expect(res.body).toContain('WELLBY');
  });
});

describe('a place’s first visit', () => {
  it('adds the shipped values once, even when requests arrive together', async () => {
    const c = await createPlace(w.services, 'impact-values-c.test');
    await Promise.all(Array.from({ length: 5 }, () => w.services.impactValues.settings(c.place.id)));
    const rows = await w.services.db.select().from(impactValues).where(eq(impactValues.placeId, c.place.id));
    expect(rows.map((r) => r.code)).toEqual(['WELLBY']);
    const series = await w.services.db.select().from(impactDeflators).where(eq(impactDeflators.placeId, c.place.id));
    expect(series).toHaveLength(16);
  });
});

describe('deflator series and optimism bias', () => {
  it('replaces the series and its source', async () => {
    const br = await officer();
    const res = await br.post('/impact/settings/deflators', {
      series: '2019, 100\n2020, 102.5\n2021, 104',
      source: 'HM Treasury GDP deflators, test edition',
    });
    expect(res.statusCode).toBe(303);
    const rows = await w.services.db.select().from(impactDeflators).where(eq(impactDeflators.placeId, w.a.place.id));
    expect(rows.map((r) => [r.year, r.index]).sort()).toEqual([
      [2019, 100],
      [2020, 102.5],
      [2021, 104],
    ]);
    const page = await br.get('/impact/values?priceYear=2021');
    // £13,000 × 104 ÷ 100 = £13,520
    expect(page.body).toContain('£13,520.00');
    expect($(page.body)('.govuk-warning-text').length).toBe(0);
  });

  it('refuses a bad series line by line and keeps the old one', async () => {
    const br = await officer();
    const res = await expectNothingStored(w.t.database, () =>
      br.post('/impact/settings/deflators', { series: '2019, 100\n2020; abc\n2019, 101', source: 'x' }),
    );
    expect(res.statusCode).toBe(422);
    const errors = errorSummary(res.body);
    expect(errors[0]).toBe('Line 2: write a year and an index separated by a comma, like 2019, 100');
    const rows = await w.services.db.select().from(impactDeflators).where(eq(impactDeflators.placeId, w.a.place.id));
    expect(rows).toHaveLength(3);
  });

  it('saves the optimism-bias table as fractions and refuses rates above 100%', async () => {
    const br = await officer();
    const bad = await br.post('/impact/settings/optimism-bias', {
      grade1: '0',
      grade2: '5',
      grade3: '10',
      grade4: '150',
      grade5: '25',
      grade6: '40',
    });
    expect(bad.statusCode).toBe(422);
    expect(errorSummary(bad.body)).toContain('The grade 4 correction must be between 0% and 100%');
    const ok = await br.post('/impact/settings/optimism-bias', {
      grade1: '0',
      grade2: '5',
      grade3: '12.5',
      grade4: '15',
      grade5: '25',
      grade6: '60',
    });
    expect(ok.statusCode).toBe(303);
    const s = await w.services.impactValues.settings(w.a.place.id);
    expect(s.optimismBias.grades.map((g) => g.rate)).toEqual([0, 0.05, 0.125, 0.15, 0.25, 0.6]);
  });
});
