/** One problem with an appraisal file or call, located by its JSON path (for example `benefits[0].deadweight`). */
export type AppraisalIssue = {
  /** Where in the file: `benefits[0].deadweight`, or `(file)` for the whole document. */
  path: string;
  /** What is wrong and what would be right, in plain English. */
  message: string;
};

/** An appraisal that cannot be computed, with every problem found. Nothing is computed when this is thrown. */
export class AppraisalError extends Error {
  readonly issues: AppraisalIssue[];

  constructor(issues: AppraisalIssue[]) {
    super(issues.map((i) => `${i.path}: ${i.message}`).join('\n'));
    this.name = 'AppraisalError';
    this.issues = issues;
  }
}

/** Writes a path as `benefits[0].cohort.size`. */
export function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(file)';
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('');
}
