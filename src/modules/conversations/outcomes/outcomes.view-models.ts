import type { Commitment } from './outcomes.repository.js';
import type { CommitmentStatus } from './outcomes.schema.js';

export const commitmentStatusLabels: Record<CommitmentStatus, string> = {
  not_started: 'Not started',
  in_progress: 'In progress',
  done: 'Done',
};

/** An outcome's text as paragraphs (a blank line between them); the template escapes each. */
export function outcomeParagraphs(text: string | undefined): string[] {
  return (text ?? '').split(/\n{2,}/).filter((p) => p.trim());
}

/** A commitment as its form shows it: the due date as a person types it (30/9/2026). */
export function commitmentFormValues(c: Pick<Commitment, 'text' | 'owner' | 'dueDate'>): Record<string, string> {
  const [y, m, d] = (c.dueDate ?? '').split('-');
  return { text: c.text, owner: c.owner, dueDate: c.dueDate ? `${Number(d)}/${Number(m)}/${y}` : '' };
}
