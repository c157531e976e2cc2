import { Command } from 'commander';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { DataFolderLockedError } from './db/data-folder-lock.ts';
import { openConfiguredDatabase } from './db/database.ts';
import { migrateToLatest } from './db/migrate.ts';
import { createUser } from './users/service.ts';

// The server and the demo data load lazily, so that a command refused because kefu is running answers at once.
const server = () => import('./server.ts');
const demo = () => import('./seed/demo.ts');

const program = new Command('kefu').description('kefu — customer service for online shops');

/** Opens the database, turning "another kefu has this PGlite folder" into a message saying what to do instead. */
function openDatabaseFor(config: Config, insteadWhileRunning: string) {
  try {
    return openConfiguredDatabase(config);
  } catch (err) {
    if (err instanceof DataFolderLockedError) throw new ConfigError(`${err.message}; ${insteadWhileRunning}`);
    throw err;
  }
}

program
  .command('start')
  .description('apply migrations and serve the API and web app')
  .option('--no-demo', 'do not fill an empty database with the demo shop')
  .action(async (opts: { demo: boolean }) => {
    const config = loadConfig();
    // One open for the whole run: the PGlite folder stays locked from seeding to serving.
    const database = openDatabaseFor(config, 'stop it first, or set DATA_DIR to another folder to run a second kefu');
    if (opts.demo && process.env.KEFU_DEMO !== 'false') {
      const { DEMO_PASSWORD, isEmpty, seedDemo } = await demo();
      await migrateToLatest(database.db);
      if (await isEmpty(database.db)) {
        const counts = await seedDemo(database.db);
        console.log(`demo shop created: ${JSON.stringify(counts)}; log in as admin / ${DEMO_PASSWORD}`);
      }
    }
    const running = await (await server()).startServer(config, database);
    const shutdown = (signal: string) => {
      running.app.log.info({ signal }, 'shutting down: finishing in-flight requests');
      running.stop().then(
        () => process.exit(0),
        (err) => {
          console.error(err);
          process.exit(1);
        },
      );
    };
    process.once('SIGINT', () => shutdown('SIGINT'));
    process.once('SIGTERM', () => shutdown('SIGTERM'));
  });

program
  .command('migrate')
  .description('apply pending migrations')
  .action(async () => {
    const database = openDatabaseFor(loadConfig(), 'it applies pending migrations itself when it starts, so restart it instead');
    const applied = await migrateToLatest(database.db);
    console.log(applied.length ? `applied: ${applied.join(', ')}` : 'the database is up to date');
    await database.close();
  });

program
  .command('seed')
  .description('fill an empty database with the demo shop')
  .option('--customers <n>', 'number of customers', '200')
  .option('--tickets <n>', 'number of tickets', '400')
  .action(async (opts: { customers: string; tickets: string }) => {
    const customers = Number(opts.customers);
    const tickets = Number(opts.tickets);
    if (!Number.isInteger(customers) || customers < 1 || !Number.isInteger(tickets) || tickets < 0) {
      throw new ConfigError('--customers must be a positive integer and --tickets a non-negative integer');
    }
    const database = openDatabaseFor(loadConfig(), 'stop it first (seed only fills an empty database)');
    const { isEmpty, seedDemo } = await demo();
    await migrateToLatest(database.db);
    if (!(await isEmpty(database.db))) throw new ConfigError('the database already has users; seed only fills an empty one');
    console.log(JSON.stringify(await seedDemo(database.db, { customers, tickets })));
    await database.close();
  });

program
  .command('create-admin')
  .description('create an administrator')
  .requiredOption('--username <name>')
  .requiredOption('--password <password>')
  .option('--name <display name>', 'display name', '管理员')
  .action(async (opts: { username: string; password: string; name: string }) => {
    if (!/^[a-zA-Z0-9_.-]{2,32}$/.test(opts.username)) throw new ConfigError('--username: use 2–32 letters, digits, _ . -');
    if (opts.password.length < 8) throw new ConfigError('--password: at least 8 characters');
    const database = openDatabaseFor(
      loadConfig(),
      'stop it first, or create the user through the running server: POST /api/users ' +
        '{"username","displayName","password","role":"admin"} with an administrator\'s API token (Authorization: Bearer kt_…)',
    );
    await migrateToLatest(database.db);
    const user = await createUser(database.db, null, { username: opts.username, password: opts.password, displayName: opts.name, role: 'admin' });
    console.log(`admin ${user.username} created (id ${user.id})`);
    await database.close();
  });

program.parseAsync().catch((err: unknown) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
