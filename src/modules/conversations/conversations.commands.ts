import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import {
  analyse,
  parseCommentsCsv,
  parseCommentsJson,
  parseVotesCsv,
  parseVotesJson,
  PolisInputError,
  type StatementInfo,
  type Vote,
} from '../../lib/polis/index.js';
import { UsageError, type CommandContext, type ModuleCommand } from '../../platform/modules.js';

/** The votes and statements of a Polis open-data export (votes.csv, comments.csv) or a polis-golden folder (votes.json, comments.json). */
export function readPolisFolder(dir: string): { votes: Vote[]; statements: StatementInfo[] } {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new PolisInputError(`There is no folder at ${dir}.`);
  const file = (name: string) => path.join(dir, name);
  const read = (name: string) => readFileSync(file(name), 'utf8');
  if (existsSync(file('votes.csv'))) {
    if (!existsSync(file('comments.csv')))
      throw new PolisInputError(`${dir} has votes.csv but no comments.csv (needed to leave out moderated statements).`);
    return { votes: parseVotesCsv(read('votes.csv')), statements: parseCommentsCsv(read('comments.csv')) };
  }
  if (existsSync(file('votes.json')))
    return {
      votes: parseVotesJson(read('votes.json')),
      statements: existsSync(file('comments.json')) ? parseCommentsJson(read('comments.json')) : [],
    };
  throw new PolisInputError(
    `${dir} holds neither a Polis open-data export (votes.csv, comments.csv) nor votes.json and comments.json.`,
  );
}

/** `conversations analyse DIR`: the analysis of a Polis export, as text or JSON; the exit code. */
function analyseFolder({ values: v, positionals: [dir] }: CommandContext<unknown>): number {
  let groups: number | undefined;
  if (v.groups !== undefined) {
    groups = Number(v.groups);
    if (!Number.isInteger(groups) || groups < 1 || groups > 20)
      throw new UsageError('--groups must be a whole number of groups from 1 to 20.');
  }
  let result;
  try {
    const { votes, statements } = readPolisFolder(dir!);
    if (votes.length === 0) throw new PolisInputError(`${dir} has no votes.`);
    result = analyse(votes, statements, { groups });
  } catch (err) {
    if (err instanceof PolisInputError) {
      console.error(`Cannot analyse ${dir}: ${err.message}`);
      return 1;
    }
    throw err;
  }
  if (v.json) {
    const doc = {
      participants: result.participants,
      inConv: result.inConv,
      groups: result.groups.map((g) => ({ id: g.id, members: g.members })),
      consensus: {
        agree: result.consensus.agree.map((c) => c.statementId),
        disagree: result.consensus.disagree.map((c) => c.statementId),
      },
      repness: Object.fromEntries(
        Object.entries(result.repness).map(([id, list]) => [
          id,
          list.map((r) => ({ statementId: r.statementId, repfulFor: r.repfulFor })),
        ]),
      ),
    };
    process.stdout.write(`${JSON.stringify(doc)}\n`);
    return 0;
  }
  const lines = [
    `${result.participants} participants voted; ${result.inConv} voted enough to be grouped.`,
    `${result.groups.length} opinion groups: ${result.groups.map((g) => `group ${g.id} (${g.members.length})`).join(', ')}.`,
    `Consensus (agree): ${result.consensus.agree.map((c) => c.statementId).join(', ') || 'none'}.`,
    `Consensus (disagree): ${result.consensus.disagree.map((c) => c.statementId).join(', ') || 'none'}.`,
    ...Object.entries(result.repness).map(
      ([id, list]) =>
        `Group ${id} stands out on: ${list.map((r) => `${r.statementId} (${r.repfulFor})`).join(', ') || 'nothing'}.`,
    ),
  ];
  console.log(lines.join('\n'));
  return 0;
}

/** `commonground conversations …`: opinion-mapping commands (issue 5). None needs the database. */
export const conversationsCommands: Record<string, ModuleCommand<unknown>> = {
  'conversations analyse': {
    summary: 'Find opinion groups, consensus and representative statements in a Polis export (no database needed)',
    usage: 'commonground conversations analyse DIR [--json] [--groups K]',
    options: { json: { type: 'boolean' }, groups: { type: 'string' } },
    positionals: { min: 1, max: 1 },
    // Reading the files and the maths are synchronous; run() answers with a promise, as every command does.
    run: (command) => Promise.resolve(analyseFolder(command)),
  },
};
