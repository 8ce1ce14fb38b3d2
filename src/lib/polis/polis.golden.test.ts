/**
 * Conformance with the real Polis maths server, on the polis-golden fixtures: exact snapshots of
 * one Polis run (`math-pca2.json`) for the votes in `votes.json`. Note that Polis's output uses
 * its internal sign (agree = −1), so its centre is the negative of ours and components match up
 * to sign.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  adjustedRandIndex,
  analyse,
  buildVoteMatrix,
  inConversation,
  kmeans,
  parseCommentsJson,
  parseVotesJson,
  pca,
  projectParticipants,
  projectStatements,
  resultsForGroups,
  type VoteMatrix,
} from './index.js';

const ROOT = path.resolve('..', 'shared/data/polis-golden');
const haveData = existsSync(ROOT);
if (!haveData) console.warn(`SKIPPED: the Polis conformance tests need ${ROOT}, which is not there.`);

type Golden = {
  'in-conv': number[];
  tids: number[];
  pca: { center: number[]; comps: number[][]; 'comment-extremity': number[] };
  'base-clusters': { id: number[]; members: number[][]; x: number[]; y: number[] };
  'group-clusters': { id: number; members: number[]; center: [number, number] }[];
  repness: Record<string, Record<string, number | string | boolean>[]>;
  consensus: Record<'agree' | 'disagree', Record<string, number>[]>;
  'group-aware-consensus': Record<string, number>;
  'comment-priorities': Record<string, number>;
};

function load(fixture: string) {
  const dir = path.join(ROOT, fixture);
  const m = buildVoteMatrix(
    parseVotesJson(readFileSync(path.join(dir, 'votes.json'), 'utf8')),
    parseCommentsJson(readFileSync(path.join(dir, 'comments.json'), 'utf8')),
  );
  const golden = JSON.parse(readFileSync(path.join(dir, 'math-pca2.json'), 'utf8')) as Golden;
  return { m, golden };
}

/** Polis's groups as matrix rows: its group clusters list base-cluster ids, which list participant ids. */
function polisGroups(m: VoteMatrix, golden: Golden): Int32Array {
  const bc = golden['base-clusters'];
  const members = new Map(bc.id.map((id, i) => [id, bc.members[i]!]));
  const group = new Int32Array(m.participantIds.length).fill(-1);
  golden['group-clusters'].forEach((g, gi) => {
    for (const b of g.members) for (const pid of members.get(b)!) group[m.participantIds.indexOf(String(pid))] = gi;
  });
  return group;
}

const cosine = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let d = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    d += a[i]! * b[i]!;
    na += a[i]! ** 2;
    nb += b[i]! ** 2;
  }
  return d / Math.sqrt(na * nb);
};

describe.skipIf(!haveData).each(['below-100-ptpts', '25ptpt-3gp-no-strict-with-meta'])(
  'Polis golden fixture %s',
  (fixture) => {
    const { m, golden } = haveData ? load(fixture) : ({} as ReturnType<typeof load>);

    it('has the same statements and the same participants in the conversation', () => {
      expect(m.statementIds).toEqual(golden.tids);
      const ours = Array.from(inConversation(m), (r) => Number(m.participantIds[r]));
      expect(ours.sort((a, b) => a - b)).toEqual([...golden['in-conv']].sort((a, b) => a - b));
    });

    it('finds the same principal components, centre, projections and statement extremities', () => {
      const p = pca(m);
      for (const k of [0, 1]) expect(Math.abs(cosine(p.comps[k]!, golden.pca.comps[k]!))).toBeGreaterThanOrEqual(0.999);
      golden.pca.center.forEach((c, i) => expect(-c).toBeCloseTo(p.center[i]!, 9));

      // Fewer than 100 in the conversation: each base cluster is one participant, at that participant's projection.
      const proj = projectParticipants(m, p);
      const bc = golden['base-clusters'];
      const sign = [0, 1].map((k) => Math.sign(cosine(p.comps[k]!, golden.pca.comps[k]!)));
      bc.id.forEach((_, i) => {
        expect(bc.members[i]).toHaveLength(1);
        const r = m.participantIds.indexOf(String(bc.members[i]![0]));
        // Our votes have the opposite sign to Polis's, so an aligned component gives the opposite coordinate.
        expect(Math.abs(bc.x[i]! + sign[0]! * proj[2 * r]!)).toBeLessThan(1e-3);
        expect(Math.abs(bc.y[i]! + sign[1]! * proj[2 * r + 1]!)).toBeLessThan(1e-3);
      });

      const { extremity } = projectStatements(m, p);
      golden.pca['comment-extremity'].forEach((e, i) => expect(extremity[i]).toBeCloseTo(e, 6));
    });

    it("given Polis's groups, gives exactly its representative statements, consensus, group-aware consensus and priorities", () => {
      const group = polisGroups(m, golden);
      const ids = golden['group-clusters'].map((g) => g.id);
      const { extremity } = projectStatements(m, pca(m));
      const r = resultsForGroups(m, group, ids, extremity);

      for (const id of ids) {
        const expected = golden.repness[String(id)]!;
        const ours = r.repness[id]!;
        expect(ours.map((s) => [s.statementId, s.repfulFor, s.bestAgree ?? false])).toEqual(
          expected.map((e) => [e.tid, e['repful-for'], e['best-agree'] ?? false]),
        );
        expected.forEach((e, i) => {
          const s = ours[i]!;
          expect(s.nSuccess).toBe(e['n-success']);
          expect(s.nTrials).toBe(e['n-trials']);
          // eslint-disable-next-line vitest/no-conditional-expect -- Polis leaves n-agree out where it does not compute it
          if (e['n-agree'] !== undefined) expect(s.nAgree).toBe(e['n-agree']);
          expect(s.pSuccess).toBeCloseTo(e['p-success'] as number, 6);
          expect(s.pTest).toBeCloseTo(e['p-test'] as number, 6);
          expect(s.repness).toBeCloseTo(e.repness as number, 6);
          // Polis stores repness-test in single precision and prints 8 significant digits.
          expect(Math.abs(s.repnessTest - (e['repness-test'] as number))).toBeLessThan(1e-6);
        });
      }

      for (const way of ['agree', 'disagree'] as const) {
        expect(r.consensus[way].map((c) => c.statementId)).toEqual(golden.consensus[way].map((c) => c.tid));
        golden.consensus[way].forEach((e, i) => {
          const c = r.consensus[way][i]!;
          expect([c.nSuccess, c.nTrials]).toEqual([e['n-success'], e['n-trials']]);
          expect(c.pSuccess).toBeCloseTo(e['p-success']!, 6);
          expect(c.pTest).toBeCloseTo(e['p-test']!, 6);
        });
      }

      const gac = Object.entries(golden['group-aware-consensus']);
      expect(gac).toHaveLength(m.statementIds.length);
      for (const [tid, value] of gac) expect(r.groupAwareConsensus.agree[Number(tid)]).toBeCloseTo(value, 6);
      for (const [tid, value] of Object.entries(golden['comment-priorities']))
        expect(r.commentPriorities[Number(tid)]).toBeCloseTo(value, 6);
    });

    it("chooses Polis's number of groups and, started where Polis's groups are, keeps exactly its partition", () => {
      const k = golden['group-clusters'].length;
      expect(analyse(m).groups).toHaveLength(k);
      const expected = polisGroups(m, golden);
      const rows = inConversation(m);
      const p = pca(m);
      const proj = projectParticipants(m, p, rows);
      const sign = [0, 1].map((c) => -Math.sign(cosine(p.comps[c]!, golden.pca.comps[c]!)));
      const centers = Float64Array.from(
        golden['group-clusters'].flatMap((g) => [g.center[0] * sign[0]!, g.center[1] * sign[1]!]),
      );
      const fixed = kmeans(proj, centers);
      expect(
        adjustedRandIndex(
          Array.from(rows, (r) => expected[r]!),
          fixed.assignment,
        ),
      ).toBe(1);
    });

    it('from scratch, with the number of groups forced to Polis’s, finds its partition (exactly, or as closely as measured)', () => {
      const a = analyse(m, [], { groups: golden['group-clusters'].length });
      const ari = adjustedRandIndex(polisGroups(m, golden), a.groupOfRow);
      // below-100-ptpts: identical. 25ptpt: Polis's warm-started run sits in a neighbouring k-means
      // optimum (inertia 53.57 against our 53.17); 0.633 measured, see docs/conversations-analysis.md.
      const measured = fixture === 'below-100-ptpts' ? 1 : 0.633;
      expect(ari).toBeGreaterThanOrEqual(measured - 0.0005);
    });
  },
);
