/**
 * The Polis analysis at scale (issue 5, point 8): seeded synthetic conversations with three
 * opinion camps, analysed end to end by `analyse()` (votes matrix, PCA, projection, base and
 * group clusters, repness, consensus, priorities). Each size runs in its own Node process so its
 * peak memory (maxRSS) is its own. Run alone with `npx tsx bench/polis.ts`; sizes can be given as
 * `npx tsx bench/polis.ts 10000x500 100000x2000`. Set BENCH_POLIS_EXACT=1 to also measure the
 * sampled PCA's error against the exact one at sizes where the sample is used.
 */
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import {
  adjustedRandIndex,
  analyse,
  bootstrapStability,
  buildVoteMatrix,
  clusterRows,
  inConversation,
  pca,
  projectParticipants,
  type VoteColumns,
} from '../src/lib/polis/index.js';
import { seededRandom } from '../src/lib/random.js';

/** Three camps (50%, 30%, 20%) with their own leanings per statement; each vote cast with probability `density`. */
export function syntheticConversation(
  participants: number,
  statements: number,
  density: number,
  seed = 42,
): VoteColumns {
  const rand = seededRandom(seed);
  const camps = 3;
  const pAgree = new Float64Array(camps * statements);
  const pDisagree = new Float64Array(camps * statements);
  for (let c = 0; c < camps; c++)
    for (let s = 0; s < statements; s++) {
      const lean = rand();
      pAgree[c * statements + s] = 0.1 + 0.75 * lean;
      pDisagree[c * statements + s] = 0.85 - 0.75 * lean;
    }
  const expected = Math.ceil(participants * statements * density * 1.01) + 1000;
  let participant = new Int32Array(expected);
  let statement = new Int32Array(expected);
  let value = new Int8Array(expected);
  let time = new Float64Array(expected);
  let n = 0;
  for (let p = 0; p < participants; p++) {
    const u = rand();
    const camp = u < 0.5 ? 0 : u < 0.8 ? 1 : 2;
    const arrival = p * 1000;
    for (let s = 0; s < statements; s++) {
      if (rand() >= density) continue;
      if (n === participant.length) {
        const grow = <T extends Int32Array | Int8Array | Float64Array>(a: T): T => {
          const b = new (a.constructor as new (n: number) => T)(a.length * 2);
          b.set(a);
          return b;
        };
        participant = grow(participant);
        statement = grow(statement);
        value = grow(value);
        time = grow(time);
      }
      const r = rand();
      const i = camp * statements + s;
      participant[n] = p;
      statement[n] = s;
      value[n] = r < pAgree[i]! ? 1 : r < pAgree[i]! + pDisagree[i]! ? -1 : 0;
      time[n] = arrival + s;
      n++;
    }
  }
  return {
    participantIds: Array.from({ length: participants }, (_, i) => String(i)),
    statementIds: Array.from({ length: statements }, (_, i) => i),
    participant: participant.subarray(0, n),
    statement: statement.subarray(0, n),
    value: value.subarray(0, n),
    time: time.subarray(0, n),
  };
}

type Result = Record<string, number | string | boolean>;

function runOne(size: string): Result {
  const [participants, statements] = size.split('x').map(Number) as [number, number];
  const density = 0.3;
  const t0 = performance.now();
  const votes = syntheticConversation(participants, statements, density);
  const tGen = performance.now() - t0;
  const t1 = performance.now();
  const a = analyse(votes);
  const tAnalyse = performance.now() - t1;
  const out: Result = {
    size,
    votes: votes.participant.length,
    generateS: +(tGen / 1000).toFixed(2),
    analyseS: +(tAnalyse / 1000).toFixed(2),
    inConv: a.inConv,
    groups: a.groups.length,
    pcaIterations: a.pca.iterations,
    pcaFittedRows: a.pca.fittedRows,
    approximate: a.pca.approximate,
  };
  if (participants <= 10_000) {
    const t2 = performance.now();
    const s = bootstrapStability(a.matrix, a.groupOfRow, a.groups.length, { resamples: 10 });
    out.stability10S = +((performance.now() - t2) / 1000).toFixed(2);
    out.stable = s.stable;
  }
  if (a.pca.approximate && process.env.BENCH_POLIS_EXACT === '1') {
    const m = a.matrix;
    const t3 = performance.now();
    const exact = pca(m, { sampleAbove: Infinity });
    out.exactPcaS = +((performance.now() - t3) / 1000).toFixed(2);
    const cos = (k: 0 | 1) => {
      let d = 0;
      for (let c = 0; c < m.statementIds.length; c++) d += exact.comps[k][c]! * a.pca.comps[k][c]!;
      return Math.abs(d);
    };
    out.comp1Cosine = +cos(0).toFixed(6);
    out.comp2Cosine = +cos(1).toFixed(6);
    const rows = inConversation(m);
    const pe = projectParticipants(m, exact, rows);
    const pa = projectParticipants(m, a.pca, rows);
    // Align signs, then the RMS distance between the two maps relative to the map's RMS radius.
    const sign = [0, 1].map((k) => {
      let d = 0;
      for (let c = 0; c < m.statementIds.length; c++) d += exact.comps[k as 0 | 1][c]! * a.pca.comps[k as 0 | 1][c]!;
      return Math.sign(d) || 1;
    });
    let err = 0;
    let norm = 0;
    for (let i = 0; i < rows.length; i++)
      for (const k of [0, 1]) {
        err += (pe[2 * i + k]! - sign[k]! * pa[2 * i + k]!) ** 2;
        norm += pe[2 * i + k]! ** 2;
      }
    out.projectionRelativeRmsError = +Math.sqrt(err / norm).toFixed(6);
    const ge = clusterRows(pe, {});
    const labels = (c: ReturnType<typeof clusterRows>) =>
      Int32Array.from(c.base.assignment, (b) => c.grouping.assignment[b]!);
    out.groupsAriExactVsSampled = +adjustedRandIndex(
      labels(ge),
      Array.from(a.groupOfRow).filter((g) => g >= 0),
    ).toFixed(4);
  }
  out.peakRssMiB = Math.round(process.resourceUsage().maxRSS / 1024);
  return out;
}

const self = fileURLToPath(import.meta.url);
if (process.argv[2] === '--one') {
  console.log(JSON.stringify(runOne(process.argv[3]!)));
} else {
  const sizes = process.argv.slice(2).filter((a) => /^\d+x\d+$/.test(a));
  const list = sizes.length ? sizes : ['1000x100', '10000x500', '100000x2000'];
  console.log(
    `\nPolis analysis: ${os.cpus()[0]?.model} × ${os.cpus().length}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}; 30% density, one process per size\n`,
  );
  // Validate the module builds a matrix before spending minutes (cheap smoke run in this process).
  buildVoteMatrix(syntheticConversation(20, 10, 0.5));
  for (const size of list) {
    const json = execFileSync(process.execPath, [...process.execArgv, self, '--one', size], {
      encoding: 'utf8',
      env: process.env,
      maxBuffer: 1 << 20,
    });
    const r = JSON.parse(json.trim().split('\n').at(-1)!) as Result;
    console.log(
      Object.entries(r)
        .map(([k, v]) => `${k} ${v}`)
        .join('  '),
    );
  }
}
