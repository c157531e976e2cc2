import { Command } from 'commander';
import { ConfigError, loadConfig } from './config.ts';
import { migrateToLatest } from './db/migrate.ts';
import { DEMO_PASSWORD, isEmpty, seedDemo } from './seed/demo.ts';
import { openConfiguredDatabase, startServer } from './server.ts';
import { createUser } from './users/service.ts';

const program = new Command('kefu').description('kefu — customer service for online shops');

program.command('start').description('apply migrations and serve the API and web app')
  .option('--no-demo', 'do not fill an empty database with the demo shop')
  .action(async (opts: { demo: boolean }) => {
    const config = loadConfig();
    if (opts.demo && process.env.KEFU_DEMO !== 'false') {
      const database = openConfiguredDatabase(config);
      await migrateToLatest(database.db);
      if (await isEmpty(database.db)) {
        const counts = await seedDemo(database.db);
        console.log(`demo shop created: ${JSON.stringify(counts)}; log in as admin / ${DEMO_PASSWORD}`);
      }
      await database.close();
    }
    const server = await startServer(config);
    const shutdown = (signal: string) => {
      server.app.log.info({ signal }, 'shutting down: finishing in-flight requests');
      server.stop().then(() => process.exit(0), (err) => { console.error(err); process.exit(1); });
    };
    process.once('SIGINT', () => shutdown('SIGINT'));
    process.once('SIGTERM', () => shutdown('SIGTERM'));
  });

program.command('migrate').description('apply pending migrations').action(async () => {
  const database = openConfiguredDatabase(loadConfig());
  const applied = await migrateToLatest(database.db);
  console.log(applied.length ? `applied: ${applied.join(', ')}` : 'the database is up to date');
  await database.close();
});

program.command('seed').description('fill an empty database with the demo shop')
  .option('--customers <n>', 'number of customers', '200')
  .option('--tickets <n>', 'number of tickets', '400')
  .action(async (opts: { customers: string; tickets: string }) => {
    const customers = Number(opts.customers);
    const tickets = Number(opts.tickets);
    if (!Number.isInteger(customers) || customers < 1 || !Number.isInteger(tickets) || tickets < 0) {
      throw new ConfigError('--customers must be a positive integer and --tickets a non-negative integer');
    }
    const database = openConfiguredDatabase(loadConfig());
    await migrateToLatest(database.db);
    if (!(await isEmpty(database.db))) throw new ConfigError('the database already has users; seed only fills an empty one');
    console.log(JSON.stringify(await seedDemo(database.db, { customers, tickets })));
    await database.close();
  });

program.command('create-admin').description('create an administrator')
  .requiredOption('--username <name>').requiredOption('--password <password>').option('--name <display name>', 'display name', '管理员')
  .action(async (opts: { username: string; password: string; name: string }) => {
    if (!/^[a-zA-Z0-9_.-]{2,32}$/.test(opts.username)) throw new ConfigError('--username: use 2–32 letters, digits, _ . -');
    if (opts.password.length < 8) throw new ConfigError('--password: at least 8 characters');
    const database = openConfiguredDatabase(loadConfig());
    await migrateToLatest(database.db);
    const user = await createUser(database.db, null, { username: opts.username, password: opts.password, displayName: opts.name, role: 'admin' });
    console.log(`admin ${user.username} created (id ${user.id})`);
    await database.close();
  });

program.parseAsync().catch((err: unknown) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
