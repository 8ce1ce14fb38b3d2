import * as cheerio from 'cheerio';
import { describe, expect, it } from 'vitest';
import { choropleth, choroplethMap } from '../../lib/choropleth.js';
import { drawMap } from '../../lib/svg-map.js';
import { createViewEnvironment } from '../../platform/views.js';

// The macro as pages render it: the app's Nunjucks environment, with autoescaping on.
describe('the choropleth macro', () => {
  const square = (x: number) => ({
    type: 'Polygon' as const,
    coordinates: [
      [
        [x, 51.4],
        [x + 0.01, 51.4],
        [x + 0.01, 51.41],
        [x, 51.41],
        [x, 51.4],
      ],
    ],
  });
  const map = drawMap([
    { id: 'E1', geometry: square(0.1) },
    { id: 'E2', geometry: square(0.11) },
    { id: 'E3', geometry: square(0.12) },
  ])!;
  const shading = choropleth(
    [
      { id: 'E1', value: 3 },
      { id: 'E2', value: null },
      { id: 'E3', value: 9 },
    ],
    { format: (n) => `${n} per 1,000` },
  );

  function render(areas: { id: string; name: string; href?: string }[]) {
    const env = createViewEnvironment();
    const html = env.renderString(
      '{% from "macros/choropleth.njk" import choropleth %}{{ choropleth(map, title, description) }}',
      { map: choroplethMap(map, areas, shading), title: 'Reach <by> ward', description: 'People & places' },
    );
    return { html, q: cheerio.load(html) };
  }

  it('draws each ward as a link named by its name and value, with the value printed on it', () => {
    const { q } = render([
      { id: 'E1', name: 'Abbey', href: '/wards/E1' },
      { id: 'E2', name: 'Brook', href: '/wards/E2' },
      { id: 'E3', name: 'Crook', href: '/wards/E3' },
    ]);
    expect(q('svg.cg-choropleth__svg').attr('role')).toBe('group');
    expect(q('svg.cg-choropleth__svg > title').text()).toBe('Reach <by> ward');
    expect(
      q('a.cg-choropleth__link')
        .map((_i, a) => q(a).attr('href'))
        .get(),
    ).toEqual(['/wards/E1', '/wards/E2', '/wards/E3']);
    expect(q('a.cg-choropleth__link').first().attr('aria-label')).toBe('Abbey: 3 per 1,000');
    expect(q('a.cg-choropleth__link').eq(1).attr('aria-label')).toBe('Brook: no data, or too few people to show');
    expect(q('path.cg-choropleth__area').eq(1).attr('fill')).toBe('url(#cg-choropleth-no-data)');
    expect(q('pattern#cg-choropleth-no-data')).toHaveLength(1);
    // No printed value for the ward with none: its hatching says so.
    expect(
      q('text.cg-choropleth__value')
        .map((_i, t) => q(t).text())
        .get(),
    ).toEqual(['3 per 1,000', '9 per 1,000']);
    expect(q('figure.cg-choropleth > figcaption').text()).toBe('People & places');
  });

  it('lists the legend as text with counts below the picture', () => {
    const { q } = render([
      { id: 'E1', name: 'Abbey' },
      { id: 'E2', name: 'Brook' },
      { id: 'E3', name: 'Crook' },
    ]);
    const items = q('.cg-choropleth__legend-item')
      .map((_i, li) => q(li).text().replace(/\s+/g, ' ').trim())
      .get();
    expect(items).toEqual([
      '3 per 1,000 (1 ward)',
      '9 per 1,000 (1 ward)',
      'No data, or too few people to show (1 ward)',
    ]);
    expect(q('.cg-choropleth__swatch rect').last().attr('fill')).toBe('url(#cg-choropleth-no-data)');
  });

  it('is one image when no ward links anywhere', () => {
    const { q } = render([{ id: 'E1', name: 'Abbey' }]);
    expect(q('svg.cg-choropleth__svg').attr('role')).toBe('img');
    expect(q('a')).toHaveLength(0);
    expect(q('path.cg-choropleth__area')).toHaveLength(1);
    expect(q('path.cg-choropleth__area title').text()).toBe('Abbey: 3 per 1,000');
  });

  it('escapes names and links', () => {
    const { html, q } = render([{ id: 'E1', name: '<b>&', href: '/wards/"x"' }]);
    expect(html).not.toContain('<b>');
    expect(html).toContain('&lt;b&gt;&amp;: 3 per 1,000');
    expect(html).toContain('href="/wards/&quot;x&quot;"');
    expect(q('a.cg-choropleth__link').attr('aria-label')).toBe('<b>&: 3 per 1,000');
  });
});
