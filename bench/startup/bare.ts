/**
 * The bare start: open PGlite on the same data folder and answer HTTP — the floor a kefu restart is compared with.
 * No kefu code. Prints the milliseconds from process start to listening.
 */
import { PGlite } from '@electric-sql/pglite';
import { createServer } from 'node:http';

const dataDir = process.argv[2]!;
const db = new PGlite(dataDir);
await db.query('select 1');
const server = createServer((_req, res) => res.end('{"ok":true}'));
server.listen(Number(process.argv[3]), '127.0.0.1', () => {
  process.stdout.write(`ready ${Math.round(performance.now())}\n`);
});
process.on('SIGTERM', () => server.close(() => db.close().then(() => process.exit(0))));
