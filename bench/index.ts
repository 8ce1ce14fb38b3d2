/** `npm run bench`: the foundation benchmarks, then participation at scale. */
await import('./run.js');
await import('./participation.js');
