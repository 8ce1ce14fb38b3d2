// Bad input covered here: POST /strength/deprivation
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as cheerio from 'cheerio';
import { beforeAll, describe, expect, it } from 'vitest';
import { Browser, createUser } from '../../../../test/helpers.js';
import { apiClient } from '../../../../test/kit/api.js';
import { BEXLEY, haveBexleyData, importBexleyAreas } from '../../../../test/kit/bexley.js';
import { tokenFor } from '../../../../test/kit/places.js';
import { useWorld } from '../../../../test/kit/world.js';
import { systemContext, type ActionContext } from '../../../platform/context.js';
import { strengthPaths } from '../strength.paths.js';

const haveData = haveBexleyData('the strength page tests');

const HOST = 'bexley-strength.test';

describe.skipIf(!haveData)('the strength map and ward profiles on Bexley’s real geography', () => {
  const w = useWorld('strength');
  let ctx: ActionContext;
  let officer: Browser;
  let resident: Browser;

  /** Uploads files as a browser's multipart form does. */
  async function upload(br: Browser, files: { name: string; bytes: Buffer }[]) {
    const csrf = await br.csrf(strengthPaths.deprivation);
    const boundary = '----cgstrength';
    const parts = [
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${csrf}\r\n`),
      ...files.flatMap((f) => [
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${f.name}"\r\nContent-Type: text/csv\r\n\r\n`,
        ),
        f.bytes,
        Buffer.from('\r\n'),
      ]),
      Buffer.from(`--${boundary}--\r\n`),
    ];
    return w.t.app.inject({
      method: 'POST',
      url: strengthPaths.deprivation,
      headers: {
        host: HOST,
        cookie: [...br.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        'content-type': `multipart/form-data; boundary=${boundary}`,
      },
      payload: Buffer.concat(parts),
    });
  }
  const real = (file: string) => ({ name: path.basename(file), bytes: readFileSync(file) });

  beforeAll(async () => {
    const place = await w.services.places.create({
      slug: 'bexley-strength',
      name: 'Bexley',
      hostnames: [HOST],
      isDefault: false,
    });
    ctx = systemContext(place.id);
    await importBexleyAreas(w.services.db, ctx);
    const o = await createUser(w.services, place.id, 'officer', 'officer@bexley-strength.test');
    const r = await createUser(w.services, place.id, 'resident', 'resident@bexley-strength.test');
    officer = new Browser(w.t.app, HOST);
    await officer.signIn(o.email);
    resident = new Browser(w.t.app, HOST);
    await resident.signIn(r.email);
  });

  it('shows every ward on a map and in a table to anyone, asking for deprivation before the quarters', async () => {
    const res = await new Browser(w.t.app, HOST).get(strengthPaths.map);
    expect(res.statusCode).toBe(200);
    const $ = cheerio.load(res.body);
    expect($('h1').text()).toBe('Community strength, ward by ward');
    expect($('.cg-choropleth__link')).toHaveLength(21);
    expect($('.cg-choropleth__link').first().attr('href')).toMatch(/^\/strength\/wards\/E050000\d\d$/);
    expect($('#wards ~ .cg-table-wrap tbody tr')).toHaveLength(21);
    expect($('#quarters').next('p').text()).toContain('Import the Indices of Deprivation');
  });

  it('lets only officers import deprivation', async () => {
    expect((await resident.get(strengthPaths.deprivation)).statusCode).toBe(403);
    const anonymous = await new Browser(w.t.app, HOST).get(strengthPaths.deprivation);
    expect(anonymous.statusCode).not.toBe(200);
  });

  it('refuses a file with problems, listing each, and imports nothing', async () => {
    const bad = readFileSync(BEXLEY.imd, 'utf8').replace(
      'E01000326,Bexley 014B,E09000004,Bexley,"22,206",7',
      'E01000326,Bexley 014B,E09000004,Bexley,"22,206",0',
    );
    const res = await upload(officer, [{ name: 'file1.csv', bytes: Buffer.from(bad) }]);
    expect(res.statusCode).toBe(422);
    const $ = cheerio.load(res.body);
    expect($('.govuk-error-summary__list li').text()).toContain(
      'file1.csv, row 3: E01000326: the IMD decile "0" is not a whole number from 1 to 10.',
    );
    expect(await w.services.deprivation.releases(ctx.placeId)).toEqual([]);
    const none = await upload(officer, []);
    expect(none.statusCode).toBe(422);
    expect(cheerio.load(none.body)('.govuk-error-summary__list').text()).toContain(
      'Choose one, two or three CSV files',
    );
  });

  it('imports Files 1, 2 and 6 in one go, then shows the quarters and the deprivation map', async () => {
    const res = await upload(officer, [real(BEXLEY.imd), real(BEXLEY.domains), real(BEXLEY.population)]);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`${strengthPaths.deprivation}?imported=2019`);
    const done = await officer.get(res.headers.location as string);
    expect(cheerio.load(done.body)('.govuk-notification-banner').text()).toContain(
      'The 2019 Indices of Deprivation were imported',
    );

    const map = cheerio.load((await officer.get(`${strengthPaths.map}?measure=imdMeanRank`)).body);
    expect(map('#map').text()).toContain('Deprivation: mean IMD rank');
    // North End is Bexley's most deprived ward: mean rank 8,209 (checked by hand in deprivation.test.ts).
    expect(map('.cg-choropleth__link[href="/strength/wards/E05000079"]').attr('aria-label')).toContain('8,209');
    const row = map('#wards ~ .cg-table-wrap tbody tr').filter((_i, tr) => map(tr).find('th').text() === 'North End');
    expect(row.find('td').eq(-4).text()).toBe('8,209');
    expect(row.find('td').eq(-3).text()).toBe('58%');
    // Darker is more deprived, and the key reads from the most deprived class, lowest rank first.
    expect(map('.cg-choropleth__legend-label').first().text()).toBe('8,209 to 14,155');
    // No activity is recorded here, so strength cannot tell wards apart: no score, no quarters.
    expect(map('#quarters').next('p').text()).toContain('not yet enough activity recorded');
    expect(row.find('td').eq(-2).text()).toBe('—');
  });

  it('gives every ward’s figures as CSV', async () => {
    const res = await resident.get(`${strengthPaths.csv}?from=2026-01-01&to=2026-06-30`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    const lines = res.body.trim().split('\r\n');
    expect(lines).toHaveLength(22);
    const header = lines[0]!.split(',');
    const northEnd = lines.find((l) => l.startsWith('E05000079,'))!.split(',');
    expect(northEnd[header.indexOf('imd_mean_rank')]).toBe('8209.04');
    expect(northEnd[header.indexOf('imd_share_most_deprived_20pc')]).toBe('0.5756');
    expect(northEnd[header.indexOf('population')]).toBe('12437');
    expect(northEnd[header.indexOf('population_source')]).toBe('deprivation');
  });

  it('shows a ward profile with its deprivation by domain and its small areas', async () => {
    const res = await resident.get(strengthPaths.ward('E05000079'));
    expect(res.statusCode).toBe(200);
    const $ = cheerio.load(res.body);
    expect($('h1').text()).toBe('North End');
    const domains = $('caption:contains("deprivation, overall and by domain")').closest('table');
    expect(domains.find('tbody tr').first().text()).toContain('8,209');
    expect(domains.find('tbody tr')).toHaveLength(8);
    const small = $('caption:contains("small areas (LSOAs)")').closest('table');
    expect(small.find('tbody tr')).toHaveLength(7);
    expect(small.text()).toContain('Best fit');
    // The small areas on a map of their own, by IMD decile, each linking to its page.
    expect($('.cg-choropleth__link')).toHaveLength(7);
    expect($('.cg-choropleth__link[href="/areas/E01000430"]').attr('aria-label')).toMatch(/^Bexley 008C: 6\b/);
    expect($('.cg-choropleth__legend-item').first().text()).toMatch(/^\s*2\s*\(4 small areas\)/);
    // An LSOA's own page says which ward it is in and how it was placed.
    const lsoa = cheerio.load((await resident.get('/areas/E01000429')).body);
    expect(lsoa('.govuk-summary-list').text()).toMatch(/In ward\s*North End/);
    expect(lsoa('.govuk-summary-list').text()).toContain('by best fit');
  });

  it.each([
    ['a date that is not a date', '?from=2026-13-01', 'Enter a real start date'],
    ['the year 9999', '?to=9999-12-31', 'Enter a real end date between 2000 and 2049'],
    [
      'an end before the start',
      '?from=2026-06-01&to=2026-01-01',
      'The end date must be the same as or after the start date',
    ],
    ['more than ten years', '?from=2001-01-01&to=2026-01-01', 'Choose a period of ten years or less'],
    ['an unknown measure', '?measure=wealth', 'Choose a measure from the list'],
  ])('explains %s on the page with a 400', async (_label, query, message) => {
    const res = await resident.get(`${strengthPaths.map}${query}`);
    expect(res.statusCode).toBe(400);
    expect(cheerio.load(res.body)('.govuk-error-summary').text()).toContain(message);
  });

  it('answers 404 for a ward that is not in the place, or an area that is not a ward', async () => {
    expect((await resident.get(strengthPaths.ward('E05999999'))).statusCode).toBe(404);
    expect((await resident.get(strengthPaths.ward('E01000429'))).statusCode).toBe(404);
  });

  describe('the API', () => {
    const api = async () => apiClient(w.t.app, await tokenFor(w.services, ctx.placeId, 'resident'), HOST);

    it('gives every ward’s strength and deprivation, with one measure as its value', async () => {
      const res = await (await api()).get(`${strengthPaths.api}?measure=imdMost20&from=2026-01-01&to=2026-06-30`);
      expect(res.statusCode).toBe(200);
      const body = res.json<{
        measure: { id: string };
        wards: {
          code: string;
          value: number;
          population: number;
          deprivation: { imd: { meanRank: number }; domains: Record<string, unknown> };
        }[];
      }>();
      expect(body.measure.id).toBe('imdMost20');
      expect(body.wards).toHaveLength(21);
      const northEnd = body.wards.find((x) => x.code === 'E05000079');
      expect(northEnd).toMatchObject({
        value: 0.5756,
        population: 12_437,
        deprivation: { imd: { meanRank: 8209.04 } },
      });
      expect(Object.keys(northEnd?.deprivation.domains ?? {})).toHaveLength(7);
    });

    it('gives one ward’s profile with its small areas', async () => {
      const res = await (await api()).get(`${strengthPaths.apiProfile('E05000079')}?from=2026-01-01&to=2026-06-30`);
      expect(res.statusCode).toBe(200);
      const body = res.json<{
        ward: { name: string };
        yearBefore: { from: string };
        smallAreas: { placedBy: string }[];
      }>();
      expect(body.ward.name).toBe('North End');
      expect(body.yearBefore.from).toBe('2025-01-01');
      expect(body.smallAreas).toHaveLength(7);
      expect(body.smallAreas.every((a) => a.placedBy === 'best-fit')).toBe(true);
    });

    it.each([
      ['/api/v1/strength?from=9999-01-01', 422],
      ['/api/v1/strength?measure=wealth', 422],
      ['/api/v1/strength?colour=red', 422],
      ['/api/v1/areas/E01000429/profile', 404],
      ['/api/v1/areas/E05000079/profile?to=2001-01-01&from=2026-01-01', 422],
    ])('answers %s with a %i problem', async (url, status) => {
      const res = await (await api()).get(url);
      expect(res.statusCode).toBe(status);
      expect(res.headers['content-type']).toContain('application/problem+json');
    });

    it('needs a token', async () => {
      expect((await apiClient(w.t.app, null, HOST).get(strengthPaths.api)).statusCode).toBe(401);
    });
  });
});
