import { londonToday } from '../../lib/london-time.js';

/**
 * The 12 whole calendar months before the London month of `now`: the period output counts,
 * participation cohorts and volunteer time default to (and the demo uses).
 */
export function lastTwelveMonths(now: Date = new Date()): { from: string; to: string } {
  const today = londonToday(now);
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  const from = new Date(Date.UTC(year - 1, month - 1, 1));
  const to = new Date(Date.UTC(year, month - 1, 0));
  return { from: from.toISOString().slice(0, 10), to: to.toISOString().slice(0, 10) };
}

/** This year in London (the default price year of pages and the API). */
export const londonYear = (now: Date = new Date()): number => Number(londonToday(now).slice(0, 4));
