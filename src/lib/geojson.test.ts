import { describe, expect, it } from 'vitest';
import { geometryProblem, MAX_POPULATION, parseAreaFeatures, parsePopulationCsv } from './geojson.js';

const ring = [
  [0, 51],
  [1, 51],
  [1, 52],
  [0, 52],
  [0, 51],
];
const polygon = { type: 'Polygon', coordinates: [ring] };
const feature = (props: Record<string, unknown>, geometry: unknown = polygon) => ({
  type: 'Feature',
  properties: props,
  geometry,
});
const collection = (...features: unknown[]) => JSON.stringify({ type: 'FeatureCollection', features });

describe('geometryProblem', () => {
  it('accepts closed polygons and multipolygons, holes included', () => {
    expect(geometryProblem(polygon)).toBeNull();
    const hole = [
      [0.2, 51.2],
      [0.4, 51.2],
      [0.4, 51.4],
      [0.2, 51.2],
    ];
    expect(geometryProblem({ type: 'Polygon', coordinates: [ring, hole] })).toBeNull();
    expect(geometryProblem({ type: 'MultiPolygon', coordinates: [[ring], [hole]] })).toBeNull();
    expect(
      geometryProblem({
        type: 'Polygon',
        coordinates: [
          [
            [0, 51, 10],
            [1, 51, 10],
            [1, 52, 10],
            [0, 51, 10],
          ],
        ],
      }),
    ).toBeNull();
  });

  it.each([
    ['nothing', null, 'it has no geometry'],
    ['a string', 'Polygon', 'it has no geometry'],
    ['a Point', { type: 'Point', coordinates: [0, 51] }, 'its geometry is Point, not Polygon or MultiPolygon'],
    ['no type', { coordinates: [ring] }, 'its geometry is of no type, not Polygon or MultiPolygon'],
    ['a polygon without rings', { type: 'Polygon', coordinates: [] }, 'a polygon has no rings'],
    ['a polygon whose coordinates are not a list', { type: 'Polygon', coordinates: 'x' }, 'a polygon has no rings'],
    ['a ring that is not a list', { type: 'Polygon', coordinates: [5] }, 'a ring is not a list of positions'],
    [
      'a ring of three positions',
      {
        type: 'Polygon',
        coordinates: [
          [
            [0, 51],
            [1, 51],
            [0, 51],
          ],
        ],
      },
      'a ring has fewer than 4 positions',
    ],
    [
      'an unclosed ring',
      {
        type: 'Polygon',
        coordinates: [
          [
            [0, 51],
            [1, 51],
            [1, 52],
            [0, 52],
          ],
        ],
      },
      'a ring is not closed (its first and last positions differ)',
    ],
    [
      'a latitude of 91',
      {
        type: 'Polygon',
        coordinates: [
          [
            [0, 91],
            [1, 51],
            [1, 52],
            [0, 91],
          ],
        ],
      },
      'a ring has a position that is not [longitude, latitude] in range',
    ],
    [
      'a longitude of -181',
      {
        type: 'Polygon',
        coordinates: [
          [
            [-181, 51],
            [1, 51],
            [1, 52],
            [-181, 51],
          ],
        ],
      },
      'a ring has a position that is not [longitude, latitude] in range',
    ],
    [
      'a position with one number',
      { type: 'Polygon', coordinates: [[[0], [1, 51], [1, 52], [0]]] },
      'a ring has a position that is not [longitude, latitude] in range',
    ],
    [
      'a position of strings',
      {
        type: 'Polygon',
        coordinates: [
          [
            ['0', '51'],
            [1, 51],
            [1, 52],
            ['0', '51'],
          ],
        ],
      },
      'a ring has a position that is not [longitude, latitude] in range',
    ],
    ['an empty multipolygon', { type: 'MultiPolygon', coordinates: [] }, 'a multipolygon has no polygons'],
    [
      'a multipolygon with an unclosed part',
      {
        type: 'MultiPolygon',
        coordinates: [
          [ring],
          [
            [
              [0, 51],
              [1, 51],
              [1, 52],
              [0, 52],
            ],
          ],
        ],
      },
      'a ring is not closed (its first and last positions differ)',
    ],
  ])('refuses %s', (_label, g, message) => {
    expect(geometryProblem(g)).toBe(message);
  });
});

describe('parseAreaFeatures', () => {
  it('reads code and name from the named properties, trimmed', () => {
    const text = collection(
      feature({ WD: ' E05000001 ', NM: ' North ' }),
      feature({ WD: 'E05000002', NM: 'South', other: 1 }),
    );
    expect(parseAreaFeatures(text, 'WD', 'NM')).toEqual({
      ok: true,
      areas: [
        { code: 'E05000001', name: 'North', geometry: polygon },
        { code: 'E05000002', name: 'South', geometry: polygon },
      ],
    });
  });

  it('refuses text that is not JSON', () => {
    const r = parseAreaFeatures('{"type":', 'WD', 'NM');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors[0]).toMatch(/^The file is not valid JSON: /);
  });

  it.each([
    ['a Feature', JSON.stringify(feature({ WD: 'E1', NM: 'A' }))],
    ['an array', '[]'],
    ['null', 'null'],
  ])('refuses %s in place of a FeatureCollection', (_label, text) => {
    expect(parseAreaFeatures(text, 'WD', 'NM')).toEqual({
      ok: false,
      errors: ['The file is not a GeoJSON FeatureCollection (its "type" must be "FeatureCollection").'],
    });
  });

  it('refuses a collection with no features', () => {
    expect(parseAreaFeatures(collection(), 'WD', 'NM')).toEqual({
      ok: false,
      errors: ['The FeatureCollection has no features.'],
    });
  });

  it('lists every problem, numbered by feature, and returns no areas', () => {
    const text = collection(
      feature({ WD: 'E1', NM: 'Fine' }),
      feature({ NM: 'No code' }),
      feature({ WD: 'E3' }),
      feature({ WD: 'E1', NM: 'Again' }),
      feature({ WD: 'E5', NM: 'Dot' }, { type: 'Point', coordinates: [0, 51] }),
      feature({ WD: 'has space', NM: 'Bad code' }),
      feature({ WD: 'E7', NM: '<b>Bold</b>' }),
      { type: 'Feature', geometry: polygon },
      feature({ WD: 'E9', NM: 'x'.repeat(101) }),
    );
    expect(parseAreaFeatures(text, 'WD', 'NM')).toEqual({
      ok: false,
      errors: [
        'Feature 2: property "WD" is missing or empty.',
        'Feature 3 (E3): property "NM" is missing or empty.',
        'Feature 4 (E1): the code E1 is also used by feature 1.',
        'Feature 5 (E5): its geometry is Point, not Polygon or MultiPolygon.',
        'Feature 6 (has space): code must be 1 to 20 letters, digits, hyphens or underscores.',
        'Feature 7 (E7): name must be 100 characters or fewer with no < or >.',
        'Feature 8: it is not a GeoJSON Feature with properties.',
        'Feature 9 (E9): name must be 100 characters or fewer with no < or >.',
      ],
    });
  });

  it('shows at most 50 problems and says how many more there are', () => {
    const text = collection(...Array.from({ length: 60 }, (_v, i) => feature({ WD: `E${i}` })));
    const r = parseAreaFeatures(text, 'WD', 'NM');
    if (r.ok) throw new Error('The features were accepted');
    expect(r.errors).toHaveLength(51);
    expect(r.errors[50]).toBe('…and 10 more problems.');
  });
});

describe('parsePopulationCsv', () => {
  it('reads code and population columns in any order, case-insensitively, with a BOM and CRLF', () => {
    const text = '\uFEFFName,Population,WD13CD\r\nNorth,"12000",E1\r\nSouth,9_500,E2\r\n\r\n';
    const r = parsePopulationCsv(text, ['code', 'WD13CD']);
    expect(r).toEqual({
      ok: true,
      population: new Map([
        ['E1', 12000],
        ['E2', 9500],
      ]),
    });
  });

  it('accepts "all ages" as the population column and "code" as the code column', () => {
    expect(parsePopulationCsv('code,all ages\nE1,0\n', ['code'])).toEqual({
      ok: true,
      population: new Map([['E1', 0]]),
    });
  });

  it('needs a header row and data', () => {
    expect(parsePopulationCsv('code,population\n', ['code'])).toEqual({
      ok: false,
      errors: ['The population file needs a header row and at least one row of data.'],
    });
  });

  it('names missing columns', () => {
    expect(parsePopulationCsv('ward,people\nE1,5\n', ['code', 'WD13CD'])).toEqual({
      ok: false,
      errors: [
        'The population file has no code column (looked for: code, WD13CD).',
        'The population file has no "population" column.',
      ],
    });
  });

  it('lists each bad row by its line number in the file', () => {
    const text = [
      'code,population',
      'E1,100',
      'E2,lots',
      ',5',
      'E4,-3',
      'E5,1.5',
      'E1,200',
      `E7,${MAX_POPULATION + 1}`,
      'E8,',
    ].join('\n');
    expect(parsePopulationCsv(text, ['code'])).toEqual({
      ok: false,
      errors: [
        'Population row 3 (E2): "lots" is not a whole number.',
        'Population row 4: the code is empty.',
        'Population row 5 (E4): "-3" is not a whole number.',
        'Population row 6 (E5): "1.5" is not a whole number.',
        'Population row 7 (E1): the code appears twice.',
        `Population row 8 (E7): ${MAX_POPULATION + 1} is more people than any area has.`,
        'Population row 9 (E8): "" is not a whole number.',
      ],
    });
  });
});
