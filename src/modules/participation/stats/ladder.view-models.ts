import { ladderHowTo, ladderLabels, ladderMeanings, ladderSteps, type LadderStep } from './ladder.js';

/** The "your participation" page: the person's step, what it means, and the next one. */
export function ladderView(ladder: {
  attendances: number;
  minutes: number;
  step: LadderStep;
  next: LadderStep | null;
}) {
  return {
    ladder,
    hours: Math.round((ladder.minutes / 60) * 10) / 10,
    stepLabel: ladderLabels[ladder.step],
    stepMeaning: ladderMeanings[ladder.step],
    nextLabel: ladder.next ? ladderLabels[ladder.next] : null,
    nextHowTo: ladder.next ? ladderHowTo[ladder.next] : null,
    steps: ladderSteps
      .filter((s) => s !== 'not_yet')
      .map((s) => ({ label: ladderLabels[s], meaning: ladderMeanings[s], current: s === ladder.step })),
  };
}
