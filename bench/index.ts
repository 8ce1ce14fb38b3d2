/** `npm run bench`: the foundation benchmarks, then participation at scale, then the appraisal library. */
await import('./run.js');
await import('./participation.js');
await import('./appraisal.js');
await import('./polis.js');
