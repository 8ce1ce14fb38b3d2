/** How far a project is towards its "who's in" threshold. */
export type Progress = { members: number; threshold: number | null; met: boolean; needed: number };

export function progressOf(members: number, threshold: number | null): Progress {
  return {
    members,
    threshold,
    met: threshold !== null && members >= threshold,
    needed: threshold === null ? 0 : Math.max(0, threshold - members),
  };
}
