/** The Polis library's parts on small inputs whose answers were worked out by hand. */
import { describe, expect, it } from 'vitest';
import {
  adjustedRandIndex,
  analyse,
  buildVoteMatrix,
  inConversation,
  kmeans,
  parseCommentsCsv,
  parseVotesCsv,
  parseVotesJson,
  pca,
  pickNextStatement,
  smoothK,
  storedAnalysis,
  PolisInputError,
  projectParticipants,
  propTest,
  selectConsensus,
  silhouette,
  twoPropTest,
  type Vote,
} from './index.js';
import { seededRandom } from '../random.js';

const vote = (participantId: string, statementId: number, v: -1 | 0 | 1, time: number): Vote => ({
  participantId,
  statementId,
  vote: v,
  time,
});

function row(m: ReturnType<typeof buildVoteMatrix>, id: string): Record<number, number> {
  const r = m.participantIds.indexOf(id);
  const out: Record<number, number> = {};
  for (let k = m.rowStart[r]!; k < m.rowStart[r + 1]!; k++) out[m.statementIds[m.col[k]!]!] = m.value[k]!;
  return out;
}

describe('votes matrix', () => {
  it('keeps the latest vote on each statement, orders rows by first vote and columns by statement id', () => {
    const m = buildVoteMatrix([
      vote('b', 5, 1, 20),
      vote('a', 9, -1, 10),
      vote('a', 5, 1, 11),
      vote('a', 9, 1, 30), // a changes their mind on 9
      vote('b', 5, 0, 15), // earlier than b's agree: ignored
    ]);
    expect(m.participantIds).toEqual(['a', 'b']);
    expect(m.statementIds).toEqual([5, 9]);
    expect(row(m, 'a')).toEqual({ 5: 1, 9: 1 });
    expect(row(m, 'b')).toEqual({ 5: 1 });
  });

  it('marks moderated-out and meta statements as excluded, and only those', () => {
    const m = buildVoteMatrix(
      [vote('a', 1, 1, 1), vote('a', 2, 1, 2), vote('a', 3, 1, 3), vote('a', 4, 1, 4)],
      [
        { id: 1, moderated: -1, isMeta: false },
        { id: 2, moderated: 0, isMeta: false },
        { id: 3, moderated: 1, isMeta: true },
      ],
    );
    expect(Array.from(m.excluded)).toEqual([1, 0, 1, 0]);
    expect(Array.from(m.meta)).toEqual([0, 0, 1, 0]);
  });

  it('counts in the first 15 voters and anyone who reached min(7, statements so far), as Polis replays it', () => {
    const votes: Vote[] = [];
    let t = 0;
    // 20 statements; p0…p19 each vote once, in order: only the first 15 are topped up.
    for (let p = 0; p < 20; p++) votes.push(vote(`p${p}`, p, 1, t++));
    // p19 later votes on 6 more statements (7 in all): in. p18 votes on 5 more (6 in all): out.
    for (let s = 0; s < 6; s++) votes.push(vote('p19', s, -1, t++));
    for (let s = 0; s < 5; s++) votes.push(vote('p18', s, -1, t++));
    const m = buildVoteMatrix(votes);
    const ins = Array.from(inConversation(m), (r) => m.participantIds[r]);
    expect(ins).toEqual([...Array.from({ length: 15 }, (_, i) => `p${i}`), 'p19']);
  });

  it('counts in an early voter who voted on every statement there was at the time (threshold min(7, n))', () => {
    const votes: Vote[] = [vote('early', 0, 1, 0), vote('early', 1, 1, 1)];
    let t = 2;
    // 16 others arrive after more statements exist and vote on 3 of 10 statements each.
    for (let p = 0; p < 16; p++)
      for (let s = 0; s < 10; s++) if (s < 3 || p === 0) votes.push(vote(`q${p}`, s, 1, t++));
    const m = buildVoteMatrix(votes);
    const ins = new Set(Array.from(inConversation(m), (r) => m.participantIds[r]));
    expect(ins.has('early')).toBe(true); // 2 votes when only 2 statements had any
    expect(ins.has('q14')).toBe(false); // the 16th voter, 3 votes of 10
  });

  it('refuses a vote that is not 1, −1 or 0', () => {
    expect(() => buildVoteMatrix([{ participantId: 'a', statementId: 1, vote: 2 as 1, time: 1 }])).toThrow(
      PolisInputError,
    );
  });
});

describe('statistics (stats.clj)', () => {
  it('one-proportion test: 3 agrees of 3 votes gives 2·√4·(4/4 − ½) = 2', () => {
    expect(propTest(3, 3)).toBe(2);
    expect(propTest(0, 0)).toBe(1); // 2·√1·(1/1 − ½): the pseudocount counts as one success
  });

  it('two-proportion test: 3 of 3 against 0 of 3 gives 0.75 / √(5/8 · 3/8 · ½) = 2.19089', () => {
    expect(twoPropTest(3, 0, 3, 3)).toBeCloseTo(2.1908902, 6);
    expect(twoPropTest(3, 3, 3, 3)).toBe(0);
  });

  it('consensus: a statement everyone agrees with is chosen, a split one is not', () => {
    const votes: Vote[] = [];
    for (let p = 0; p < 10; p++) {
      votes.push(vote(`p${p}`, 1, 1, p));
      votes.push(vote(`p${p}`, 2, p % 2 ? 1 : -1, p));
    }
    const c = selectConsensus(buildVoteMatrix(votes));
    expect(c.agree.map((s) => s.statementId)).toEqual([1]);
    // pa = 11/12; pat = 2·√11·(11/11 − ½) = √11
    expect(c.agree[0]!.pSuccess).toBeCloseTo(11 / 12, 12);
    expect(c.agree[0]!.pTest).toBeCloseTo(Math.sqrt(11), 12);
    expect(c.disagree).toEqual([]);
  });
});

describe('adjusted Rand index', () => {
  it('is 1 for the same grouping under other labels and 0.2424 for the worked example', () => {
    expect(adjustedRandIndex([0, 0, 1, 1, 2], [5, 5, 3, 3, 9])).toBe(1);
    // Pairs together in both: 2; expected 6·3/15 = 1.2; max (6+3)/2 = 4.5 → 0.8 / 3.3.
    expect(adjustedRandIndex([0, 0, 0, 1, 1, 1], [0, 0, 1, 1, 2, 2])).toBeCloseTo(0.8 / 3.3, 12);
  });
  it('leaves out items labelled −1', () => {
    expect(adjustedRandIndex([0, 0, 1, 1, -1], [1, 1, 0, 0, 0])).toBe(1);
  });
});

describe('clustering', () => {
  const line = Float64Array.from([0, 0, 1, 0, 10, 0, 11, 0]);

  it('k-means separates two obvious pairs from any start', () => {
    const r = kmeans(line, Float64Array.from([0, 0, 1, 0]));
    expect(Array.from(r.assignment)).toEqual([0, 0, 1, 1]);
    expect(Array.from(r.centers)).toEqual([0.5, 0, 10.5, 0]);
    expect(r.inertia).toBeCloseTo(1, 12);
  });

  it('silhouette of {0,1} | {10,11}: (9.5/10.5 + 8.5/9.5) / 2 = 0.89975', () => {
    expect(silhouette(line, Int32Array.from([0, 0, 1, 1]), 2)).toBeCloseTo((9.5 / 10.5 + 8.5 / 9.5) / 2, 12);
    // A point alone in its cluster scores 0 (clusters.clj); 1: (1 − 9.5)/9.5; 10: (10 − 5)/10; 11: (11 − 5.5)/11.
    expect(silhouette(line, Int32Array.from([0, 1, 1, 1]), 2)).toBeCloseTo((0 - 8.5 / 9.5 + 0.5 + 0.5) / 4, 12);
  });
});

describe('PCA and projection', () => {
  it('finds the one direction of opinion and projects with √(statements / votes) scaling', () => {
    // Two camps: (agree, agree) and (disagree, disagree); one person voted on statement 1 only.
    const votes: Vote[] = [];
    for (let p = 0; p < 4; p++) for (const s of [1, 2]) votes.push(vote(`p${p}`, s, p % 2 ? -1 : 1, p));
    votes.push(vote('half', 1, 1, 9));
    const m = buildVoteMatrix(votes);
    const p = pca(m);
    // Means: statement 1 (1 − 1 + 1 − 1 + 1) / 5 = 0.2, statement 2: 0.
    expect(Array.from(p.center)).toEqual([0.2, 0]);
    expect(Math.abs(p.comps[0][0]! / p.comps[0][1]!)).toBeGreaterThan(0.9);
    const proj = projectParticipants(m, p);
    const half = m.participantIds.indexOf('half');
    // 0.8 · pc1[0] · √(2/1)
    expect(proj[2 * half]).toBeCloseTo(0.8 * p.comps[0][0]! * Math.SQRT2, 12);
  });
});

describe('whole analysis and stability', () => {
  function camps(n: number, noise: number, seed: number): Vote[] {
    const rand = seededRandom(seed);
    const votes: Vote[] = [];
    for (let p = 0; p < n; p++)
      for (let s = 0; s < 20; s++) {
        const side = p % 2 === 0 ? 1 : -1;
        const lean = s < 10 ? side : -side;
        const v = rand() < noise ? (rand() < 0.5 ? 1 : -1) : lean;
        votes.push(vote(`p${p}`, s, v as 1 | -1, p * 100 + s));
      }
    return votes;
  }

  it('finds two camps, says they are stable, and gives the same answer every run', () => {
    const a = analyse(camps(80, 0.1, 3), [], { stability: { resamples: 10 } });
    expect(a.groups).toHaveLength(2);
    const truth = a.matrix.participantIds.map((id) => Number(id.slice(1)) % 2);
    expect(adjustedRandIndex(truth, a.groupOfRow)).toBe(1);
    expect(a.stability?.stable).toBe(true);
    expect(a.stability?.kAgreement).toBe(1);
    expect(a.stability?.verdict).toMatch(/^Stable\. In 10 of 10 resamples/);
    const b = analyse(camps(80, 0.1, 3), [], { stability: { resamples: 10 } });
    expect(Array.from(b.groupOfRow)).toEqual(Array.from(a.groupOfRow));
    expect(b.stability?.coAssignment).toEqual(a.stability?.coAssignment);
  });

  it('copes with no votes and with a single participant (one group, nothing representative by test)', () => {
    const none = analyse([]);
    expect([none.participants, none.inConv, none.groups.length]).toEqual([0, 0, 0]);
    const one = analyse([vote('solo', 1, 1, 1), vote('solo', 2, -1, 2)]);
    expect(one.groups.map((g) => g.members)).toEqual([['solo']]);
    expect(Array.from(one.projection)).toEqual([0, 0]);
  });

  it('keeps the previous run’s group ids and map orientation when recomputing', () => {
    const votes = camps(80, 0.1, 3);
    const first = storedAnalysis(analyse(votes));
    // Pretend the last run called the groups 7 and 3 and drew the map the other way round.
    const previous = {
      groups: first.groups.map((g, i) => ({ ...g, id: i === 0 ? 7 : 3 })),
      axes: Object.fromEntries(Object.entries(first.axes).map(([id, [x, y]]) => [id, [-x, -y] as [number, number]])),
    };
    const again = analyse(votes, [], { previous });
    expect(again.groups.map((g) => g.id)).toEqual([3, 7]);
    expect(again.groups.find((g) => g.id === 7)!.members).toEqual(first.groups[0]!.members);
    const plain = analyse(votes);
    // Same statistics under the kept ids.
    expect(again.repness[7]).toEqual(plain.repness[0]);
    expect(again.repness[3]).toEqual(plain.repness[1]);
    expect(again.commentPriorities).toEqual(plain.commentPriorities);
    expect(analyse(votes, [], { previous, stability: { resamples: 5 } }).stability?.stable).toBe(true);
    expect(again.projection[0]).toBeCloseTo(-plain.projection[0]!, 12);
    expect(again.projection[1]).toBeCloseTo(-plain.projection[1]!, 12);
    // A group with no predecessor gets a new id after the old ones.
    const three = analyse(votes, [], { groups: 3, previous: { groups: previous.groups } });
    expect(three.groups.map((g) => g.id).sort()).toEqual([3, 7, 8]);
  });

  it('changes the number of groups only after a new k wins 4 runs in a row, as Polis smooths k', () => {
    let state = smoothK(2);
    expect(state).toEqual({ lastK: 2, lastKCount: 1, smoothedK: 2 });
    const seen: number[] = [];
    for (const k of [3, 3, 2, 3, 3, 3, 3]) {
      state = smoothK(k, state);
      seen.push(state.smoothedK);
    }
    expect(seen).toEqual([2, 2, 2, 2, 2, 2, 3]);
    // In the analysis: two clear camps (k = 2 by silhouette) but a stored state that has kept 3.
    const a = analyse(camps(80, 0.1, 3), [], { previous: { kSmoother: { lastK: 3, lastKCount: 9, smoothedK: 3 } } });
    expect(a.kSmoother).toEqual({ lastK: 2, lastKCount: 1, smoothedK: 3 });
    expect(a.groups).toHaveLength(3);
  });

  it('says plainly when groups found in random votes are not stable', () => {
    const a = analyse(camps(80, 1, 5), [], { stability: { resamples: 10 } });
    expect(a.stability?.stable).toBe(false);
    expect(a.stability?.verdict).toMatch(/^Not stable/);
  });
});

describe('Polis formats', () => {
  it('reads open-data votes and comments, with agree = 1', () => {
    const votes = parseVotesCsv('timestamp,datetime,comment-id,voter-id,vote\n10,x,3,7,1\n11,x,4,7,-1\n');
    expect(votes).toEqual([vote('7', 3, 1, 10), vote('7', 4, -1, 11)]);
    expect(parseCommentsCsv('timestamp,comment-id,moderated,comment-body\n1,3,-1,"Hello, world"\n')).toEqual([
      { id: 3, moderated: -1, isMeta: false },
    ]);
  });

  it('names the file, line and problem in a malformed export', () => {
    expect(() => parseVotesCsv('timestamp,comment-id,voter-id\n1,2,3\n')).toThrow('votes.csv has no vote column');
    expect(() => parseVotesCsv('timestamp,comment-id,voter-id,vote\n1,2,3,1\n1,2,3,5\n')).toThrow(
      'votes.csv line 3: vote 5 must be 1, -1 or 0.',
    );
    expect(() => parseVotesCsv('timestamp,comment-id,voter-id,vote\n1,"2,3,1\n')).toThrow(
      /votes.csv is not a valid CSV file/,
    );
    expect(() => parseVotesJson('{"pid": 1}')).toThrow('votes.json must hold a JSON array.');
    expect(() => parseVotesJson('[{"pid": 1, "vote": 1}]')).toThrow(
      'votes.json item 1: no numeric tid or statement_id.',
    );
  });
});

describe('next statement (Polis routing)', () => {
  it('draws in proportion to priority, counting a missing or zero priority as 1', () => {
    const priorities = { 1: 3, 2: 0 };
    // Cumulative weights: 1 → 3, 2 → 4 (0 counts as 1), 3 → 5 (no priority: 1); total 5.
    expect(pickNextStatement([1, 2, 3], priorities, () => 0)).toBe(1);
    expect(pickNextStatement([1, 2, 3], priorities, () => 2.99 / 5)).toBe(1);
    expect(pickNextStatement([1, 2, 3], priorities, () => 3 / 5)).toBe(2);
    expect(pickNextStatement([1, 2, 3], priorities, () => 0.999)).toBe(3);
    expect(pickNextStatement([], priorities)).toBeUndefined();
    const rand = seededRandom(9);
    const seen = { 1: 0, 2: 0, 3: 0 } as Record<number, number>;
    for (let i = 0; i < 5000; i++) seen[pickNextStatement([1, 2, 3], priorities, rand)!]!++;
    expect(seen[1]! / 5000).toBeCloseTo(0.6, 1);
  });
});

describe('stored analysis', () => {
  it('is plain JSON keyed by participant and statement ids, and survives a round trip', () => {
    const votes: Vote[] = [];
    for (let p = 0; p < 30; p++)
      for (let s = 0; s < 8; s++) votes.push(vote(`p${p}`, s, (p + s) % 3 === 0 ? -1 : 1, p * 10 + s));
    const stored = storedAnalysis(analyse(votes, [], { stability: { resamples: 3 } }));
    expect(JSON.parse(JSON.stringify(stored))).toEqual(stored);
    expect(Object.keys(stored.projection)).toHaveLength(30);
    expect(Object.keys(stored.statements).map(Number)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(stored.groups.flatMap((g) => g.members).sort()).toEqual(Object.keys(stored.projection).sort());
    expect(stored.stability?.resamples).toBe(3);
  });
});
