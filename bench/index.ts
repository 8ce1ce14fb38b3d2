/** `npm run bench`: the foundation benchmarks, then participation at scale, the appraisal library, the impact pages, the Polis analysis and the conversations module. */
await import('./run.js');
await import('./participation.js');
await import('./appraisal.js');
await import('./impact.js');
await import('./polis.js');
await import('./conversations.js');
