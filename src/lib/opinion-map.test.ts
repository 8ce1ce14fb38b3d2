import * as cheerio from 'cheerio';
import { describe, expect, it } from 'vitest';
import {
  convexHull,
  describeOpinionMap,
  escapeXml,
  groupLetter,
  markSwatchSvg,
  opinionMap,
  opinionMapSvg,
} from './opinion-map.js';

const input = {
  projection: {
    a: [1, 0],
    b: [-1, 0],
    c: [0, 2],
    d: [0, -2],
    // Voted too little to be grouped: left off the map and out of the scale.
    e: [5, 5],
  } as Record<string, [number, number]>,
  groups: [
    { id: 1, members: ['d'] },
    { id: 0, members: ['a', 'b', 'c'] },
  ],
};

/** WCAG relative luminance contrast of a #rrggbb colour against white. */
function contrastWithWhite(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  const l = 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  return 1.05 / (l + 0.05);
}

describe('opinionMap', () => {
  it('scales grouped participants to fit, the same on both axes, centred on the average opinion', () => {
    const m = opinionMap(input, { width: 200, height: 100 });
    // Largest |coordinate| of a grouped participant is 2; the plot's half-height less 24 padding is 26,
    // so the scale is 13 px per unit; (0, 0) is the centre (100, 50) and y grows upwards.
    expect(m.origin).toEqual({ x: 100, y: 50 });
    const [g0, g1] = m.groups;
    expect(g0!.label).toBe('Group A');
    expect(g1!.label).toBe('Group B');
    // a (1,0) → (113,50); b (−1,0) → (87,50); c (0,2) → (100,24): the hull is that triangle.
    expect(g0!.hull).toBe('M87,50L100,24L113,50Z');
    // Label at the members' mean: (100, (50+50+24)/3 = 41.3).
    expect([g0!.labelX, g0!.labelY]).toEqual([100, 41]);
    // Fewer than 3 points: no hull, but the mark is drawn: a 6 px square centred on d at (100, 76).
    expect(g1!.hull).toBe('');
    expect(g1!.marks).toMatch(/^M97,73h6v6h-6z$/);
    expect(m.placed).toBe(4);
    expect(m.ungrouped).toBe(1);
  });

  it('draws groups smaller than the threshold together as "small groups", never on their own', () => {
    const m = opinionMap(input, { width: 200, height: 100, suppressBelow: 2 });
    expect(m.groups.map((g) => [g.label, g.size, g.shape])).toEqual([
      ['Group A', 3, 'circle'],
      ['Small groups', 1, 'ring'],
    ]);
    const { description, table } = describeOpinionMap(m, 2);
    expect(description).toContain('1 participant is in groups of fewer than 2 people');
    expect(table.rows[1]).toEqual(['Small groups', 'hollow circle', '1 (25%) in groups of fewer than 2']);
  });

  it('draws one mark per 4-pixel cell, so a huge conversation gives a bounded drawing', () => {
    const projection: Record<string, [number, number]> = {};
    const members: string[] = [];
    for (let i = 0; i < 50_000; i++) {
      projection[`p${i}`] = [(Math.cos(i) * (i % 100)) / 100, (Math.sin(i) * (i % 100)) / 100];
      members.push(`p${i}`);
    }
    const m = opinionMap({ projection, groups: [{ id: 0, members }] });
    const marks = m.groups[0]!.marks.split('M').length - 1;
    expect(marks).toBeLessThan((640 / 4) * (420 / 4));
    expect(marks).toBeLessThan(50_000 / 2);
    expect(m.groups[0]!.size).toBe(50_000);
  });

  it('uses colours with at least 3:1 contrast against white and a different shape per group', () => {
    const groups = [0, 1, 2, 3, 4].map((id) => ({ id, members: [`p${id}`] }));
    const projection = Object.fromEntries(groups.map((g) => [`p${g.id}`, [g.id, -g.id] as [number, number]]));
    const m = opinionMap({ projection, groups });
    for (const g of m.groups) expect(contrastWithWhite(g.colour)).toBeGreaterThanOrEqual(3);
    expect(new Set(m.groups.map((g) => g.shape)).size).toBe(5);
    expect(new Set(m.groups.map((g) => g.colour)).size).toBe(5);
  });
});

describe('describeOpinionMap', () => {
  it('says in words who is where, with counts and shares checked by hand', () => {
    const m = opinionMap(input, { width: 200, height: 100 });
    const { description, table } = describeOpinionMap(m);
    expect(description).toBe(
      'Each mark is a participant; people close together voted alike. 4 participants are placed in 2 groups: Group A (3, 75%), Group B (1, 25%). 1 participant voted on too few statements to be placed and are not shown.',
    );
    expect(table.head).toEqual(['Group', 'Mark on the map', 'Participants']);
    expect(table.rows).toEqual([
      ['Group A', 'circle, letter A', '3 (75%)'],
      ['Group B', 'square, letter B', '1 (25%)'],
    ]);
  });

  it('says plainly when nobody is on the map yet', () => {
    const m = opinionMap({ projection: {}, groups: [] });
    expect(describeOpinionMap(m).description).toBe(
      'No one has voted on enough statements to be placed on the map yet.',
    );
  });
});

describe('opinionMapSvg', () => {
  it('has a title, description and legend, and escapes every piece of text', () => {
    const m = opinionMap(input, { width: 200, height: 100 });
    const svg = opinionMapSvg(m, { title: 'Map of <script>alert(1)</script>', description: 'Tom & "Jerry"', id: 'x' });
    const $ = cheerio.load(svg, { xml: true });
    expect($('svg').attr('role')).toBe('img');
    expect($('svg').attr('aria-labelledby')).toBe('x-title x-desc');
    expect($('title#x-title').text()).toBe('Map of <script>alert(1)</script>');
    expect($('desc#x-desc').text()).toBe('Tom & "Jerry"');
    expect($('script')).toHaveLength(0);
    expect(svg).not.toContain('<script>');
    // The legend names each group with its size, next to its shape.
    const legend = $('svg > text')
      .map((_, t) => $(t).text())
      .get();
    expect(legend).toEqual(['A', 'B', 'Group A: 3 participants', 'Group B: 1 participant']);
  });

  it('can leave the legend to a table beside it, with each group’s mark drawn small', () => {
    const m = opinionMap(input, { width: 200, height: 100 });
    const $ = cheerio.load(opinionMapSvg(m, { title: 't', description: 'd' }, { legend: false }), { xml: true });
    expect($('svg').attr('viewBox')).toBe('0 0 200 100');
    expect(
      $('svg > text')
        .map((_, t) => $(t).text())
        .get(),
    ).toEqual(['A', 'B']);
    const swatch = cheerio.load(markSwatchSvg(m.groups[1]!), { xml: true });
    expect(swatch('svg').attr('aria-hidden')).toBe('true');
    expect(swatch('path').attr('d')).toBe('M4,4h12v12h-12z');
    expect(swatch('path').attr('fill')).toBe(m.groups[1]!.colour);
  });

  it('escapes XML special characters', () => {
    expect(escapeXml(`<a href="x">'&'</a>`)).toBe('&#60;a href=&#34;x&#34;&#62;&#39;&#38;&#39;&#60;/a&#62;');
  });
});

describe('helpers', () => {
  it('letters groups as Polis does and finds convex hulls', () => {
    expect([0, 1, 25, 26].map(groupLetter)).toEqual(['A', 'B', 'Z', '27']);
    expect(
      convexHull([
        [0, 0],
        [2, 0],
        [1, 1],
        [2, 2],
        [0, 2],
        [0, 0],
      ]),
    ).toEqual([
      [0, 0],
      [2, 0],
      [2, 2],
      [0, 2],
    ]);
  });
});
