/**
 * The opinion map of a conversation drawn as SVG on the server: pure, no I/O. Each participant
 * placed in a group is a small mark at their position on the map (the two principal components
 * of the Polis analysis), each group is outlined by its convex hull and labelled, and the legend
 * tells groups apart by shape and letter as well as colour (WCAG 1.4.1). The same figures come as
 * a plain-English description and a table, so nothing depends on seeing the map.
 *
 * Participants who voted on too few statements to be grouped are left off the map, as Polis
 * does: their positions rest on a handful of votes and, scaled up, would squeeze everyone else
 * into the middle. Groups smaller than `suppressBelow` are drawn as one "small groups" set, so
 * the map never singles out a handful of people.
 */

/** Input: positions by participant id and groups with their member ids, as in the stored analysis. */
export type OpinionMapInput = {
  projection: Record<string, [number, number]>;
  groups: { id: number; members: string[] }[];
};

export type OpinionMapOptions = {
  width?: number;
  height?: number;
  /** Groups with fewer members than this are not drawn or listed on their own. */
  suppressBelow?: number;
};

export type MarkShape = 'circle' | 'square' | 'triangle' | 'diamond' | 'cross' | 'ring';

/** A group (or the set of small groups) as drawn. */
export type MapGroup = {
  /** Group id, or null for the merged small groups. */
  id: number | null;
  /** "Group A" or "Small groups". */
  label: string;
  /** Letter drawn on the map ("A"), or "" for the small groups. */
  letter: string;
  size: number;
  colour: string;
  shape: MarkShape;
  /** SVG path of the convex hull, "" when fewer than 3 distinct points. */
  hull: string;
  /** Where the letter goes (the members' mean position). */
  labelX: number;
  labelY: number;
  /** SVG path drawing every member's mark (one mark per occupied pixel cell). */
  marks: string;
};

export type OpinionMap = {
  width: number;
  height: number;
  groups: MapGroup[];
  /** Map coordinates of the centre (0, 0), for faint axes; null when off the plot. */
  origin: { x: number; y: number };
  /** Participants with a position but no group, not drawn. */
  ungrouped: number;
  /** Grouped participants drawn. */
  placed: number;
};

// Dark enough for 3:1 against white (WCAG 1.4.11) and told apart by shape and letter too.
const COLOURS = ['#1d70b8', '#b34700', '#00703c', '#6f3c9e', '#a8155f', '#505a5f'];
const SHAPES: MarkShape[] = ['circle', 'square', 'triangle', 'diamond', 'cross'];
const SMALL_COLOUR = '#505a5f';

/** "A" for group 0, "B" for 1 …, then numbers past Z. */
export function groupLetter(id: number): string {
  return id >= 0 && id < 26 ? String.fromCharCode(65 + id) : String(id + 1);
}

const r1 = (n: number) => Math.round(n * 10) / 10;

/** Andrew's monotone chain; points as [x, y], returns the hull anticlockwise without repeats. */
export function convexHull(points: [number, number][]): [number, number][] {
  const pts = [...new Map(points.map((p) => [`${p[0]},${p[1]}`, p])).values()].sort(
    (a, b) => a[0] - b[0] || a[1] - b[1],
  );
  if (pts.length < 3) return pts;
  const cross = (o: number[], a: number[], b: number[]) =>
    (a[0]! - o[0]!) * (b[1]! - o[1]!) - (a[1]! - o[1]!) * (b[0]! - o[0]!);
  const lower: [number, number][] = [];
  for (const p of pts) {
    while (lower.length >= 2 && cross(lower.at(-2)!, lower.at(-1)!, p) <= 0) lower.pop();
    lower.push(p);
  }
  const upper: [number, number][] = [];
  for (const p of pts.reverse()) {
    while (upper.length >= 2 && cross(upper.at(-2)!, upper.at(-1)!, p) <= 0) upper.pop();
    upper.push(p);
  }
  return lower.slice(0, -1).concat(upper.slice(0, -1));
}

/** SVG path data for one mark of the given shape centred on (x, y). */
function mark(shape: MarkShape, x: number, y: number, s = 3): string {
  switch (shape) {
    case 'circle':
      // Two arcs make a full circle in path data, so every mark of a group fits in one <path>.
      return `M${r1(x - s)},${r1(y)}a${s},${s} 0 1,0 ${2 * s},0a${s},${s} 0 1,0 ${-2 * s},0`;
    case 'ring':
      return `M${r1(x - s)},${r1(y)}a${s},${s} 0 1,0 ${2 * s},0a${s},${s} 0 1,0 ${-2 * s},0`;
    case 'square':
      return `M${r1(x - s)},${r1(y - s)}h${2 * s}v${2 * s}h${-2 * s}z`;
    case 'triangle':
      return `M${r1(x)},${r1(y - s - 1)}l${s + 1},${2 * s + 1}h${-2 * s - 2}z`;
    case 'diamond':
      return `M${r1(x)},${r1(y - s - 1)}l${s + 1},${s + 1}l${-s - 1},${s + 1}l${-s - 1},${-s - 1}z`;
    case 'cross':
      return `M${r1(x - s)},${r1(y - s)}l${2 * s},${2 * s}m0,${-2 * s}l${-2 * s},${2 * s}`;
  }
}

/**
 * Lay out the opinion map: scale every grouped participant to fit the plot (the same scale on
 * both axes, so distances mean the same in every direction) and build each group's marks, hull
 * and label. Marks falling in the same 4-pixel cell are drawn once, so the SVG stays small for
 * conversations of any size.
 */
export function opinionMap(input: OpinionMapInput, opts: OpinionMapOptions = {}): OpinionMap {
  const width = opts.width ?? 640;
  const height = opts.height ?? 420;
  const suppressBelow = opts.suppressBelow ?? 0;
  const pad = 24;
  const sorted = [...input.groups].sort((a, b) => a.id - b.id);
  const shown = sorted.filter((g) => g.members.length >= suppressBelow);
  const small = sorted.filter((g) => g.members.length < suppressBelow);
  const sets: { id: number | null; members: string[] }[] = shown.map((g) => ({ id: g.id, members: g.members }));
  if (small.length) sets.push({ id: null, members: small.flatMap((g) => g.members) });

  const position = (id: string) => input.projection[id];
  let maxAbs = 0;
  let placed = 0;
  const grouped = new Set<string>();
  for (const s of sets)
    for (const m of s.members) {
      const p = position(m);
      grouped.add(m);
      if (!p) continue;
      placed++;
      maxAbs = Math.max(maxAbs, Math.abs(p[0]), Math.abs(p[1]));
    }
  // Centred on (0, 0), the average opinion, so the map reads the same way between recomputations.
  const scale = maxAbs > 0 ? Math.min(width / 2 - pad, height / 2 - pad) / maxAbs : 1;
  const cx = width / 2;
  const cy = height / 2;
  const px = (x: number) => cx + x * scale;
  // SVG y grows downwards; the map's second component grows upwards.
  const py = (y: number) => cy - y * scale;

  const groups: MapGroup[] = sets.map((s, i) => {
    const pts: [number, number][] = [];
    const cells = new Set<string>();
    let marks = '';
    let sx = 0;
    let sy = 0;
    const shape: MarkShape = s.id === null ? 'ring' : SHAPES[i % SHAPES.length]!;
    for (const m of s.members) {
      const p = position(m);
      if (!p) continue;
      const x = px(p[0]);
      const y = py(p[1]);
      sx += x;
      sy += y;
      pts.push([r1(x), r1(y)]);
      const key = `${Math.round(x / 4)},${Math.round(y / 4)}`;
      if (cells.has(key)) continue;
      cells.add(key);
      marks += mark(shape, Math.round(x / 4) * 4, Math.round(y / 4) * 4);
    }
    const hull = convexHull(pts);
    const n = pts.length || 1;
    return {
      id: s.id,
      label: s.id === null ? 'Small groups' : `Group ${groupLetter(s.id)}`,
      letter: s.id === null ? '' : groupLetter(s.id),
      size: s.members.length,
      colour: s.id === null ? SMALL_COLOUR : COLOURS[i % COLOURS.length]!,
      shape,
      hull: hull.length >= 3 ? `M${hull.map(([x, y]) => `${x},${y}`).join('L')}Z` : '',
      labelX: Math.round(sx / n),
      labelY: Math.round(sy / n),
      marks,
    };
  });
  const ungrouped = Object.keys(input.projection).filter((id) => !grouped.has(id)).length;
  return { width, height, groups, origin: { x: cx, y: cy }, ungrouped, placed };
}

const number = new Intl.NumberFormat('en-GB');
const participants = (n: number) => `${number.format(n)} ${n === 1 ? 'participant' : 'participants'}`;
const pct = (part: number, whole: number) => (whole > 0 ? `${Math.round((part / whole) * 100)}%` : '0%');

/** A table of the map's figures: one row per group as drawn. */
export type OpinionMapTable = { caption: string; head: string[]; rows: string[][] };

/** What the map shows, in words and as a table, for screen readers, print and anyone who cannot see it. */
export function describeOpinionMap(
  map: OpinionMap,
  suppressBelow = 0,
): { description: string; table: OpinionMapTable } {
  const total = map.groups.reduce((s, g) => s + g.size, 0);
  const named = map.groups.filter((g) => g.id !== null);
  const small = map.groups.find((g) => g.id === null);
  const parts: string[] = [];
  if (total === 0) {
    parts.push('No one has voted on enough statements to be placed on the map yet.');
  } else {
    parts.push(
      `Each mark is a participant; people close together voted alike. ${participants(total)} ${total === 1 ? 'is' : 'are'} placed in ${
        named.length === 1 ? '1 group' : `${named.length} groups`
      }${named.length ? `: ${named.map((g) => `${g.label} (${number.format(g.size)}, ${pct(g.size, total)})`).join(', ')}` : ''}.`,
    );
    if (small)
      parts.push(
        `${participants(small.size)} ${small.size === 1 ? 'is' : 'are'} in groups of fewer than ${suppressBelow} people, drawn together as hollow circles and not described separately.`,
      );
  }
  if (map.ungrouped > 0)
    parts.push(`${participants(map.ungrouped)} voted on too few statements to be placed and are not shown.`);
  const table: OpinionMapTable = {
    caption: 'Opinion groups',
    // Three narrow columns, so the table fits a 320 px phone.
    head: ['Group', 'Mark on the map', 'Participants'],
    rows: map.groups.map((g) => [
      g.label,
      g.id === null ? 'hollow circle' : `${g.shape}, letter ${g.letter}`,
      g.id === null
        ? `${number.format(g.size)} (${pct(g.size, total)}) in groups of fewer than ${suppressBelow}`
        : `${number.format(g.size)} (${pct(g.size, total)})`,
    ]),
  };
  return { description: parts.join(' '), table };
}

/** Escape text for SVG (XML) content and attribute values. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The map as an SVG string with a title, a description (both escaped here, so it may be output
 * as is) and a legend in the drawing. `id` keeps the title and description ids unique on a page.
 */
export function opinionMapSvg(
  map: OpinionMap,
  text: { title: string; description: string; id?: string },
  opts: { legend?: boolean } = {},
): string {
  const id = escapeXml(text.id ?? 'opinion-map');
  const legend = opts.legend ?? true;
  const legendRow = 22;
  const legendHeight = legend && map.groups.length ? 12 + legendRow * map.groups.length : 0;
  const h = map.height + legendHeight;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="cg-chart__svg cg-opinion-map__svg" viewBox="0 0 ${map.width} ${h}" role="img" aria-labelledby="${id}-title ${id}-desc" focusable="false">`,
    `<title id="${id}-title">${escapeXml(text.title)}</title>`,
    `<desc id="${id}-desc">${escapeXml(text.description)}</desc>`,
    `<rect x="0.5" y="0.5" width="${map.width - 1}" height="${map.height - 1}" fill="#ffffff" stroke="#b1b4b6"/>`,
    `<path d="M${map.origin.x},8V${map.height - 8}M8,${map.origin.y}H${map.width - 8}" stroke="#d8dadb" stroke-width="1" fill="none"/>`,
  ];
  for (const g of map.groups) {
    if (g.hull)
      out.push(
        `<path d="${g.hull}" fill="${g.colour}" fill-opacity="0.08" stroke="${g.colour}" stroke-width="1.5" stroke-dasharray="${g.id === null ? '4 3' : 'none'}"/>`,
      );
  }
  for (const g of map.groups) {
    const filled = g.shape !== 'cross' && g.shape !== 'ring';
    out.push(
      `<path d="${g.marks}" fill="${filled ? g.colour : 'none'}" stroke="${g.colour}" stroke-width="${filled ? 0 : 1.5}"><title>${escapeXml(`${g.label}: ${participants(g.size)}`)}</title></path>`,
    );
  }
  for (const g of map.groups) {
    if (!g.letter) continue;
    // A white halo keeps the letter readable over the marks.
    out.push(
      `<text x="${g.labelX}" y="${g.labelY + 7}" text-anchor="middle" font-size="22" font-weight="700" fill="#0b0c0c" stroke="#ffffff" stroke-width="4" paint-order="stroke">${escapeXml(g.letter)}</text>`,
    );
  }
  if (legend)
    map.groups.forEach((g, i) => {
      const y = map.height + 12 + legendRow * i + legendRow / 2;
      const filled = g.shape !== 'cross' && g.shape !== 'ring';
      out.push(
        `<path d="${mark(g.shape, 14, y, 5)}" fill="${filled ? g.colour : 'none'}" stroke="${g.colour}" stroke-width="${filled ? 0 : 2}"/>`,
        `<text x="28" y="${y + 5}" font-size="14" fill="#0b0c0c">${escapeXml(`${g.label}: ${participants(g.size)}`)}</text>`,
      );
    });
  out.push('</svg>');
  return out.join('');
}

/** A group's mark on its own, for a legend or table beside the map (decorative: the text names the group). */
export function markSwatchSvg(g: Pick<MapGroup, 'shape' | 'colour'>): string {
  const filled = g.shape !== 'cross' && g.shape !== 'ring';
  return `<svg xmlns="http://www.w3.org/2000/svg" class="cg-opinion-map__swatch" viewBox="0 0 20 20" width="20" height="20" aria-hidden="true" focusable="false"><path d="${mark(g.shape, 10, 10, 6)}" fill="${filled ? g.colour : 'none'}" stroke="${g.colour}" stroke-width="${filled ? 0 : 2}"/></svg>`;
}
