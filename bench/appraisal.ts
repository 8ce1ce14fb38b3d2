/**
 * The appraisal library on its own (pure arithmetic, no database): how long one computation takes,
 * with sensitivity and scenarios, as the number of lines and years grows. A page recomputes on
 * every change of assumption, so this is the figure behind "sees the results change".
 * Run alone with `npx tsx bench/appraisal.ts`.
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { computeAppraisal, valueTypes, type AppraisalDocument } from '../src/lib/appraisal/index.js';

/** A deterministic appraisal with `benefits` lines over `years` years and one cost line per 10 benefits. */
function appraisal(benefits: number, years: number): AppraisalDocument {
  return {
    formatVersion: 1,
    title: `Bench: ${benefits} benefit lines, ${years} years`,
    scope: { type: 'place' },
    priceYear: 2025,
    appraisalYears: years,
    costs: Array.from({ length: Math.max(1, benefits / 10) }, (_, i) => ({
      id: `c${i}`,
      name: `Cost ${i}`,
      category: 'revenue' as const,
      agency: ['council', 'NHS', 'residents'][i % 3]!,
      confidenceGrade: ((i % 6) + 1) as 1,
      amounts: Array.from({ length: years }, (_, year) => ({ year, amount: 10_000 + ((i * 7919 + year) % 5000) })),
    })),
    benefits: Array.from({ length: benefits }, (_, i) => ({
      id: `b${i}`,
      name: `Benefit ${i}`,
      cohort: { source: 'typed' as const, size: 10 + (i % 90) },
      engagementRate: 0.5 + (i % 5) / 10,
      successRate: 0.3 + (i % 7) / 10,
      unitValue: 500 + ((i * 104729) % 9000),
      valueType: valueTypes[i % 4]!,
      agency: ['council', 'NHS', 'DWP', 'police', 'residents'][i % 5]!,
      deadweight: (i % 4) / 10,
      displacement: (i % 3) / 20,
      attribution: (i % 5) / 10,
      dropOff: (i % 6) / 10,
      lagYears: i % 3,
      durationYears: 1 + (i % Math.min(years, 10)),
      confidenceGrade: ((i % 6) + 1) as 1,
    })),
  };
}

function measure(benefits: number, years: number, n: number) {
  const doc = appraisal(benefits, years);
  for (let i = 0; i < 3; i++) computeAppraisal(doc);
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    computeAppraisal(doc);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const p50 = times[Math.floor(n / 2)]!;
  const p95 = times[Math.min(n - 1, Math.floor(n * 0.95))]!;
  console.log(
    `appraisal ${String(benefits).padStart(5)} lines × ${String(years).padStart(3)} years  n=${n}  p50 ${p50.toFixed(2)} ms  p95 ${p95.toFixed(2)} ms`,
  );
}

console.log(`Appraisal library: ${os.cpus()[0]?.model ?? 'unknown CPU'}, Node.js ${process.versions.node}`);
measure(1, 2, 200);
measure(20, 10, 200);
measure(100, 30, 100);
measure(1000, 60, 20);
