import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { $ } from '../../../../../test/helpers.js';
import { useWorld, type World } from '../../../../../test/kit/index.js';
import { places } from '../../../../core/places/places.schema.js';
import { conversationAnalyses } from '../../conversations.schema.js';
import { analyseAndStore, seedConversation } from '../../test/fixtures.js';

let conversationId: string;
let campA: number; // the group id of participant 0's camp

const statements = [
  'Keep it as a library',
  'Open a café on the ground floor',
  'Sell the building',
  'Turn it into flats',
  'Ask residents before deciding',
  'Rejected by the moderator',
];
// Two camps of 10: camp A agrees with 0 and 1 and disagrees with 2 and 3; camp B the reverse.
// Everyone agrees with 4. Statement 5 was moderated out.
const votes: [number, number, -1 | 0 | 1][] = [];
for (let p = 0; p < 20; p++) {
  const a = p < 10 ? 1 : -1;
  votes.push(
    [p, 0, a === 1 ? 1 : -1],
    [p, 1, a === 1 ? 1 : -1],
    [p, 2, a === 1 ? -1 : 1],
    [p, 3, a === 1 ? -1 : 1],
    [p, 4, 1],
  );
}
votes.push([0, 5, 1]);
// Votes 0, 3, 6 … on 1 March, 1, 4, 7 … on 2 March, 2, 5, 8 … on 3 March (noon UTC).
const votedAt = (i: number) => new Date(Date.UTC(2026, 2, 1 + (i % 3), 12));

const w = useWorld('report', {
  async setUp({ a, services }: World) {
    const c = await seedConversation(services.db, a.place.id, { statements, votes, rejected: [5], votedAt });
    conversationId = c.id;
    const result = await analyseAndStore(services.db, a.place.id, c.id, true);
    campA = result.groups.find((g) => g.members.includes('0'))!.id;
  },
});

/** The report page as someone not signed in on place A. */
const publicReport = async (id = conversationId) => (await w.as(null)).get(`/conversations/${id}/report`);

const LONG = `${'Long statement with many words that carry on '.repeat(8)}and end here.`;
const text = (html: string, selector: string) => $(html)(selector).text().replace(/\s+/g, ' ').trim();

describe('the public report', () => {
  it('shows the map, groups, consensus, divisive statements and activity, with figures checked by hand', async () => {
    const res = await publicReport();
    expect(res.statusCode).toBe(200);
    const q = $(res.body);
    expect(q('h1').text()).toBe('How should we use the old library?');
    expect(text(res.body, '#computed-at')).toContain('2 March 2026');
    // 20 voters, all placed.
    expect(text(res.body, '#figures')).toContain('People who voted 20');
    // The map: an SVG with a title and description, and the same figures in a table.
    const svg = q('.cg-opinion-map svg');
    expect(svg.attr('role')).toBe('img');
    expect(svg.find('title').first().text()).toBe('Opinion map: How should we use the old library?');
    expect(q('.cg-opinion-map figcaption').text()).toContain('20 participants are placed in 2 groups');
    expect(
      q('#groups-table tbody tr')
        .map((_, r) => q(r).find('th').text())
        .get(),
    ).toEqual(['Group A', 'Group B']);

    // Camp A's representative statements: it agreed with 0 and 1 (10 of 10) where the other group never did.
    const letter = campA === 0 ? 'A' : 'B';
    const group = q(`#group-${letter}`);
    expect(group.find('h3').text()).toBe(`Group ${letter}: 10 people`);
    const first = group.find('li[data-statement="0"]');
    expect(first.text().replace(/\s+/g, ' ')).toContain(
      `Agreed: 100% of Group ${letter} (10 of 10 who voted on it); 0% of people in other groups (0 of 10).`,
    );
    expect(group.find('li[data-statement="2"]').text().replace(/\s+/g, ' ')).toContain(
      `Disagreed: 100% of Group ${letter} (10 of 10 who voted on it)`,
    );

    // Statement 4: all 20 agreed.
    expect(text(res.body, '#consensus-agree li[data-statement="4"]')).toBe(
      'Ask residents before deciding 100% agreed (20 of 20 who voted on it)',
    );
    // Divisive: 0–3 each split the groups 100% to 0%; 4 did not; the moderated-out 5 never shows.
    expect(
      q('#divisive-list > li')
        .map((_, li) => q(li).attr('data-statement'))
        .get(),
    ).toEqual(['0', '1', '2', '3']);
    expect(res.body).not.toContain('Rejected by the moderator');

    // 101 votes: indices 0,3,…,99 (34) on 1 March, 1,…,100 (34) on 2 March, 2,…,98 (33) on 3 March;
    // each participant's five consecutive votes fall on all three days.
    const rows = q('#activity-table tbody tr')
      .map((_, r) =>
        q(r)
          .find('th,td')
          .map((__, c) => q(c).text())
          .get()
          .join('|'),
      )
      .get();
    expect(rows).toEqual(['1 Mar|34|20', '2 Mar|34|20', '3 Mar|33|20']);
    expect(q('svg[aria-labelledby="chart-votes-title chart-votes-desc"]')).toHaveLength(1);
  });

  it('states the stability verdict in plain English, and warns when groups are not stable', async () => {
    const browser = await w.as(null);
    let res = await browser.get(`/conversations/${conversationId}/report`);
    const [row] = await w.services.db
      .select()
      .from(conversationAnalyses)
      .where(eq(conversationAnalyses.conversationId, conversationId));
    expect(text(res.body, '#stability-verdict')).toBe(row!.stability!.verdict);
    await w.services.db
      .update(conversationAnalyses)
      .set({
        stability: {
          ...row!.stability!,
          stable: false,
          verdict: 'Not stable: treat these groups with care. In 4 of 10 resamples the analysis found 2 groups again.',
        },
      })
      .where(eq(conversationAnalyses.conversationId, conversationId));
    res = await browser.get(`/conversations/${conversationId}/report`);
    expect($(res.body)('#stability-verdict .govuk-warning-text').text()).toContain(
      'Not stable: treat these groups with care. In 4 of 10 resamples',
    );
    expect(text(res.body, '#stability-verdict')).toContain('do not read them as fixed camps');
    await w.services.db
      .update(conversationAnalyses)
      .set({ stability: row!.stability })
      .where(eq(conversationAnalyses.conversationId, conversationId));
  });

  it('never describes groups smaller than the place’s small-number threshold', async () => {
    await w.services.db
      .update(places)
      .set({ settings: sql`settings || ${JSON.stringify({ suppressBelow: 11 })}::jsonb` })
      .where(eq(places.id, w.a.place.id));
    try {
      const res = await publicReport();
      const q = $(res.body);
      expect(q('[id^="group-"]')).toHaveLength(0);
      expect(text(res.body, '#small-groups')).toBe(
        '20 people are in 2 groups of fewer than 11 people. We do not describe groups that small, so that no one’s views can be picked out.',
      );
      expect(q('#divisive-list')).toHaveLength(0);
      expect(q('.cg-opinion-map figcaption').text()).toContain('20 participants are in groups of fewer than 11 people');
    } finally {
      await w.services.db
        .update(places)
        .set({ settings: sql`settings - 'suppressBelow'` })
        .where(eq(places.id, w.a.place.id));
    }
  });

  it('escapes statement text everywhere', async () => {
    const c = await seedConversation(w.services.db, w.a.place.id, {
      question: 'Q <b>bold</b>',
      statements: ['<script>alert("x")</script> more bins', LONG, 'c', 'd', 'e', 'f', 'g'],
      votes: Array.from({ length: 16 }, (_, p) =>
        [0, 1, 2, 3, 4, 5, 6].map((s) => [p, s, s === 1 || p % 2 ? 1 : -1] as [number, number, 1 | -1]),
      ).flat(),
    });
    await analyseAndStore(w.services.db, w.a.place.id, c.id);
    const res = await publicReport(c.id);
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain('<script>alert');
    expect(res.body).not.toContain('<b>bold</b>');
    expect($(res.body)('h1').text()).toBe('Q <b>bold</b>');
    expect($(res.body)('.cg-opinion-map title').first().text()).toBe('Opinion map: Q <b>bold</b>');
    // Statement text is always shown in full, however long.
    expect($(res.body)('#consensus-agree li[data-statement="1"]').text()).toContain(LONG);
  });

  it('says so plainly before any analysis, and before any vote', async () => {
    const c = await seedConversation(w.services.db, w.a.place.id, { statements: ['a'], votes: [] });
    const res = await publicReport(c.id);
    expect(res.statusCode).toBe(200);
    expect(text(res.body, '#computed-at')).toBe(
      'The votes have not been analysed yet. The analysis runs shortly after people vote.',
    );
    expect(text(res.body, '#activity ~ p')).toContain('No one has voted yet.');
  });
});

describe('who may read a report', () => {
  it('hides a draft from the public but shows it to the place’s officers', async () => {
    const c = await seedConversation(w.services.db, w.a.place.id, { status: 'draft', statements: ['a'], votes: [] });
    expect((await publicReport(c.id)).statusCode).toBe(404);
    const rb = await w.as(w.a.staff.resident);
    expect((await rb.get(`/conversations/${c.id}/report`)).statusCode).toBe(404);
    const ob = await w.as(w.a.staff.officer);
    expect((await ob.get(`/conversations/${c.id}/report`)).statusCode).toBe(200);
  });

  it('never shows one place’s conversation on another place’s site', async () => {
    const res = await (await w.as(null, w.b)).get(`/conversations/${conversationId}/report`);
    expect(res.statusCode).toBe(404);
    expect(res.body).not.toContain('old library');
    expect(w.b.place.id).not.toBe(w.a.place.id);
  });

  it('answers 404 for an id that cannot be a conversation', async () => {
    const res = await (await w.as(null)).get(`/conversations/not-an-id'%20or%201=1/report`);
    expect(res.statusCode).toBe(404);
  });
});
