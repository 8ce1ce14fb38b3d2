/** `npm run bench`: the foundation benchmarks, then participation at scale, the appraisal library, the impact pages, the Polis analysis, the conversations module, its report, outcome and Polis export/import, and the strength map. */
await import('./run.js');
await import('./participation.js');
await import('./appraisal.js');
await import('./impact.js');
await import('./polis.js');
await import('./conversations.js');
await import('./conversations-report.js');
await import('./strength.js');
