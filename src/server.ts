import { pino, type Logger } from 'pino';
import { buildApp } from './app.js';
import type { Config } from './config.js';
import { seedDemo, DEMO } from './demo.js';
import { openDatabase } from './platform/db.js';
import { createServices } from './services.js';

export function createLogger(config: Config): Logger {
  return pino({
    level: config.logLevel,
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', '*.password', '*.token'],
      censor: '[redacted]',
    },
  });
}

/**
 * Starts the service: migrate, seed the demo into a new embedded database, listen,
 * and shut down gracefully on SIGINT/SIGTERM (finish requests in flight, then close the database).
 */
export async function startServer(config: Config): Promise<void> {
  const logger = createLogger(config);
  const database = openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  await database.migrate();
  const services = createServices({ config, database, logger });

  const places = await services.places.list();
  const seedWanted = config.demo ?? (places.length === 0 && database.kind === 'pglite' && config.env !== 'production');
  let demo: Awaited<ReturnType<typeof seedDemo>> | undefined;
  if (seedWanted) demo = await seedDemo(services);
  else if (config.env !== 'production' && (await services.places.findBySlug(DEMO.slug))) {
    // Remind people how to sign in to the demo they made earlier.
    demo = {
      created: false,
      placeName: DEMO.name,
      people: DEMO.people.map((p) => ({ email: p.email, role: p.role })),
      password: DEMO.password,
    };
  }

  const app = await buildApp({ services, logger });
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      logger.error('shutdown took too long; exiting');
      process.exit(1);
    }, 10_000);
    force.unref();
    try {
      await app.close();
      await database.close();
      process.exit(0);
    } catch (err) {
      logger.error({ err }, 'error while shutting down');
      process.exit(1);
    }
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));

  await app.listen({ port: config.port, host: config.host });
  const url = `http://${config.host === '0.0.0.0' || config.host === '127.0.0.1' ? 'localhost' : config.host}:${config.port}`;
  const lines = [
    ``,
    `Commonground is running at ${url}`,
    `Database: ${database.kind === 'pglite' ? `embedded PGlite in ${config.dataDir}` : 'PostgreSQL server'}`,
  ];
  if (demo) {
    lines.push(`Demo place: ${demo.placeName} (${demo.created ? 'created just now' : 'already there'})`);
    lines.push(`Sign in at ${url}/sign-in with any of these, password "${DEMO.password}":`);
    for (const p of demo.people) lines.push(`  ${p.email.padEnd(30)} ${p.role}`);
  } else if ((await services.places.list()).length === 0) {
    lines.push('There is no place yet. Create one with: npm run cli -- places create --help');
  }
  process.stdout.write(lines.join('\n') + '\n\n');
}
