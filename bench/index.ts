/** `npm run bench`: the foundation benchmarks, then participation at scale, then the appraisal library and the impact pages. */
await import('./run.js');
await import('./participation.js');
await import('./appraisal.js');
await import('./impact.js');
await import('./polis.js');
