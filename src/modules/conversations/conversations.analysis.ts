import type { Logger } from 'pino';
import { analyse, storedAnalysis, type StatementInfo, type VoteColumns } from '../../lib/polis/index.js';
import type { Db } from '../../platform/db.js';
import { createConversationsRepository } from './conversations.repository.js';

export type AnalysisRunnerOptions = {
  db: Db;
  /**
   * At most one run per conversation in this many milliseconds: the first vote after a run starts
   * the clock, and the run reads every vote cast until it starts. Voting never waits for it.
   */
  intervalMs?: number;
  /** Run on timers (the service). Off in tests, which call {@link AnalysisRunner.runPendingAnalyses}. */
  timers?: boolean;
  /** Bootstrap resamples for the stability verdict; 0 turns it off. Default: {@link stabilityResamplesFor}. */
  stabilityResamples?: number;
  logger?: Pick<Logger, 'warn' | 'info'>;
  now?: () => Date;
};

/** What is known about one run, for logs and tests. */
export type AnalysisRun = {
  conversationId: string;
  computed: boolean;
  votes: number;
  /** Loading and analysing, stability included (storing excluded). */
  durationMs: number;
  loadMs?: number;
};

/**
 * How many bootstrap resamples a conversation of this many votes gets: each resample reruns the
 * analysis, so the verdict costs about that many times one run. Small and medium conversations
 * (most council ones) get the full 30; very large ones fewer, and above 5 million votes none (the
 * report then says stability was not measured), so one recompute stays within a few minutes.
 */
export function stabilityResamplesFor(votes: number): number {
  if (votes <= 500_000) return 30;
  if (votes <= 5_000_000) return 10;
  return 0;
}

/**
 * Votes as the library's typed columns: participants labelled by their Polis number (the stored
 * result's keys), time = the order cast (the latest vote on a statement wins).
 */
function toColumns(loaded: { participant: number[]; statement: number[]; value: number[] }): VoteColumns {
  const n = loaded.participant.length;
  const pIndex = new Map<number, number>();
  const participantIds: string[] = [];
  // Only statements with votes become columns, as when the library reads a list of votes.
  const sIndex = new Map<number, number>();
  const statementIds: number[] = [];
  const participant = new Int32Array(n);
  const statement = new Int32Array(n);
  const value = new Int8Array(n);
  const time = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const p = loaded.participant[i]!;
    let pi = pIndex.get(p);
    if (pi === undefined) {
      pi = participantIds.length;
      pIndex.set(p, pi);
      participantIds.push(String(p));
    }
    participant[i] = pi;
    const st = loaded.statement[i]!;
    let si = sIndex.get(st);
    if (si === undefined) {
      si = statementIds.length;
      sIndex.set(st, si);
      statementIds.push(st);
    }
    statement[i] = si;
    value[i] = loaded.value[i]!;
    time[i] = i;
  }
  return { participantIds, statementIds, participant, statement, value, time };
}

/**
 * The background recompute (issue 5, point 5): votes mark a conversation as pending; a timer (or a
 * test) later runs the Polis analysis on every vote so far and replaces the stored result. Runs
 * happen one at a time in this process, so the maths never competes with itself for the CPU, and
 * each reuses the last stored result (`previous`) so groups keep their ids and k is smoothed as in
 * Polis. Pending work is only in memory; on start, {@link AnalysisRunner.resumeStale} finds
 * conversations whose votes outnumber what their stored analysis saw.
 */
export function createAnalysisRunner(options: AnalysisRunnerOptions) {
  const intervalMs = options.intervalMs ?? 5000;
  const now = options.now ?? (() => new Date());
  const pending = new Map<string, string>(); // conversation id → place id
  const timers = new Map<string, NodeJS.Timeout>();
  let queue: Promise<unknown> = Promise.resolve();
  let stopped = false;

  /** Runs `task` after every task queued before it. */
  function enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = queue.then(task, task);
    queue = run.catch(() => undefined);
    return run;
  }

  async function recompute(placeId: string, conversationId: string): Promise<AnalysisRun> {
    const repo = createConversationsRepository(options.db);
    const started = performance.now();
    const conversation = await repo.find(placeId, conversationId);
    if (!conversation) return { conversationId, computed: false, votes: 0, durationMs: 0 };
    const [loaded, statements, previous] = await Promise.all([
      repo.voteArraysForAnalysis(placeId, conversationId),
      repo.statements(placeId, conversationId),
      repo.analysis(placeId, conversationId),
    ]);
    const nVotes = loaded.participant.length;
    if (nVotes === 0) return { conversationId, computed: false, votes: 0, durationMs: 0 };
    const loadMs = Math.round(performance.now() - started);
    const votes = toColumns(loaded);
    // Rejected statements are moderated out of the maths, as Polis does; pending ones stay in.
    const infos: StatementInfo[] = statements.map((s) => ({
      id: s.number,
      moderated: s.status === 'rejected' ? -1 : s.status === 'accepted' ? 1 : 0,
      isMeta: s.isMeta,
    }));
    const resamples = options.stabilityResamples ?? stabilityResamplesFor(nVotes);
    let result;
    try {
      const analysis = analyse(votes, infos, {
        previous: previous
          ? { axes: previous.result.axes, groups: previous.result.groups, kSmoother: previous.result.kSmoother }
          : undefined,
        stability: resamples > 0 ? { resamples } : false,
      });
      result = storedAnalysis(analysis);
    } catch (err) {
      // Too little data for the maths (for example one participant) is normal early on.
      options.logger?.warn({ err, conversationId }, 'conversation analysis skipped');
      return { conversationId, computed: false, votes: nVotes, durationMs: 0 };
    }
    const durationMs = Math.round(performance.now() - started);
    const { stability, ...rest } = result;
    await repo.saveAnalysis({
      conversationId,
      placeId,
      computedAt: now(),
      voteCount: nVotes,
      participantCount: result.participants,
      durationMs,
      result: rest,
      stability: stability ?? null,
    });
    return { conversationId, computed: true, votes: nVotes, durationMs, loadMs };
  }

  function schedule(conversationId: string) {
    if (!options.timers || stopped || timers.has(conversationId)) return;
    const timer = setTimeout(() => {
      timers.delete(conversationId);
      const placeId = pending.get(conversationId);
      if (!placeId || stopped) return;
      pending.delete(conversationId);
      enqueue(() => recompute(placeId, conversationId)).catch((err: unknown) =>
        options.logger?.warn({ err, conversationId }, 'conversation analysis failed'),
      );
    }, intervalMs);
    timer.unref();
    timers.set(conversationId, timer);
  }

  return {
    intervalMs,
    /** A vote (or moderation) changed the conversation: recompute it soon. Never waits. */
    notify(placeId: string, conversationId: string): void {
      pending.set(conversationId, placeId);
      schedule(conversationId);
    },
    /** Conversations waiting for a run. */
    pendingIds: (): string[] => [...pending.keys()],
    /** Runs every pending recompute now, one after another (tests, and the command line). */
    async runPendingAnalyses(): Promise<AnalysisRun[]> {
      const work = [...pending];
      pending.clear();
      for (const [id] of work) {
        const t = timers.get(id);
        if (t) clearTimeout(t);
        timers.delete(id);
      }
      const out: AnalysisRun[] = [];
      for (const [id, placeId] of work) out.push(await enqueue(() => recompute(placeId, id)));
      return out;
    },
    /** Recompute one conversation now (after the queue). */
    recompute: (placeId: string, conversationId: string): Promise<AnalysisRun> =>
      enqueue(() => recompute(placeId, conversationId)),
    /** After a restart: queue every conversation with votes its stored analysis has not seen. */
    async resumeStale(): Promise<number> {
      const stale = await createConversationsRepository(options.db).staleConversations();
      for (const c of stale) this.notify(c.placeId, c.id);
      return stale.length;
    },
    /** Stops the timers and waits for a run in progress (called when the app closes). */
    async stop(): Promise<void> {
      stopped = true;
      for (const t of timers.values()) clearTimeout(t);
      timers.clear();
      await queue;
    },
  };
}

export type AnalysisRunner = ReturnType<typeof createAnalysisRunner>;
