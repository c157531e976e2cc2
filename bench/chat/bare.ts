/**
 * The bare chat pipeline: the least a chat server must do for a shopper message, with no kefu code — the
 * baseline `compare.ts` measures kefu against (issue 17). A `ws` server and a `pg` pool; one table in its own
 * schema. Each shopper message → one INSERT → forwarded to the agent's socket → acked to the shopper.
 *
 *   PORT=… BARE_DATABASE_URL=postgres://… BARE_SCHEMA=… BARE_POOL_SIZE=10 node --import tsx bench/chat/bare.ts
 *
 * It speaks the subset of kefu's frames that load.ts reads, so the same load generator and pacing drive both:
 * shopper `/ws/shopper` → `welcome`; `send` → `ack` {clientId, conversationId, seq} (the first one also opens
 * the conversation: `assigned` to the shopper, `conversation` to the agent); agent `/ws/agent?token=agent-<id>`
 * → `welcome`, `message` frames, and its `send` {conversationId} is stored, acked and forwarded to the shopper.
 * Conversations, seq and assignment live in this one process's memory: a message is acked only once its row
 * is stored, and seq is unique per conversation through the table's primary key.
 */
import http from 'node:http';
import pg from 'pg';
import { WebSocketServer, type WebSocket } from 'ws';

const port = Number(process.env.PORT ?? 0);
const schema = process.env.BARE_SCHEMA ?? 'bench_chat_bare';
if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error('BARE_SCHEMA: a plain identifier');
const pool = new pg.Pool({
  connectionString: process.env.BARE_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
  max: Number(process.env.BARE_POOL_SIZE ?? 10),
  application_name: process.env.BARE_APP_NAME ?? 'kefu-chat-bare',
});

await pool.query(`create schema if not exists ${schema}`);
await pool.query(`create table if not exists ${schema}.messages (
  conversation_id integer not null,
  seq integer not null,
  sender text not null,
  client_id text not null,
  body text not null,
  created_at timestamptz not null default now(),
  primary key (conversation_id, seq)
)`);
const INSERT = {
  name: 'bare-insert',
  text: `insert into ${schema}.messages (conversation_id, seq, sender, client_id, body) values ($1, $2, $3, $4, $5)`,
};

interface Conversation {
  id: number;
  lastSeq: number;
  shopper: WebSocket;
  agent: Agent;
}
interface Agent {
  id: number;
  socket: WebSocket;
}

const agents: Agent[] = [];
const conversations = new Map<number, Conversation>();
let nextConversationId = 1;
let nextAgent = 0;

function send(socket: WebSocket, frame: object) {
  if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(frame));
}

/** Stores one message; its seq is taken before the INSERT so messages of one conversation keep their order. */
async function store(conversation: Conversation, sender: 'shopper' | 'agent', clientId: string, body: string) {
  const seq = ++conversation.lastSeq;
  await pool.query({ ...INSERT, values: [conversation.id, seq, sender, clientId, body] });
  return { type: 'message', conversationId: conversation.id, seq, clientId, sender: { kind: sender }, kind: 'text', body };
}

function openConversation(shopper: WebSocket): Conversation | undefined {
  if (agents.length === 0) return undefined;
  const agent = agents[nextAgent++ % agents.length]!;
  const conversation = { id: nextConversationId++, lastSeq: 0, shopper, agent };
  conversations.set(conversation.id, conversation);
  return conversation;
}

function onShopper(socket: WebSocket) {
  let conversation: Conversation | undefined;
  send(socket, { type: 'welcome' });
  socket.on('message', async (raw) => {
    const frame = parse(raw);
    if (frame?.type !== 'send' || typeof frame.clientId !== 'string' || typeof frame.body !== 'string') return;
    const opening = conversation === undefined;
    conversation ??= openConversation(socket);
    if (!conversation) return send(socket, { type: 'error', code: 'no_agent', clientId: frame.clientId });
    try {
      const message = await store(conversation, 'shopper', frame.clientId, frame.body);
      if (opening) {
        const { id, agent } = conversation;
        send(agent.socket, { type: 'conversation', conversation: { id, agentId: agent.id, status: 'active' } });
        send(socket, { type: 'assigned', conversationId: id, agent: { id: agent.id } });
      }
      send(conversation.agent.socket, message);
      send(socket, { type: 'ack', clientId: frame.clientId, conversationId: conversation.id, seq: message.seq });
    } catch (e) {
      send(socket, { type: 'error', code: 'store_failed', clientId: frame.clientId, message: (e as Error).message });
    }
  });
}

function onAgent(socket: WebSocket, id: number) {
  const agent = { id, socket };
  agents.push(agent);
  socket.on('close', () => agents.splice(agents.indexOf(agent), 1));
  send(socket, { type: 'welcome', agent: { id, status: 'online' } });
  socket.on('message', async (raw) => {
    const frame = parse(raw);
    if (frame?.type !== 'send' || typeof frame.clientId !== 'string' || typeof frame.body !== 'string') return;
    const conversation = conversations.get(Number(frame.conversationId));
    if (!conversation) return send(socket, { type: 'error', code: 'not_found', clientId: frame.clientId });
    try {
      const message = await store(conversation, 'agent', frame.clientId, frame.body);
      send(conversation.shopper, message);
      send(socket, { type: 'ack', clientId: frame.clientId, conversationId: conversation.id, seq: message.seq });
    } catch (e) {
      send(socket, { type: 'error', code: 'store_failed', clientId: frame.clientId, message: (e as Error).message });
    }
  });
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a bench frame, read loosely
function parse(raw: unknown): Record<string, any> | undefined {
  try {
    return JSON.parse(String(raw)) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

const server = http.createServer((req, res) => {
  res.writeHead(req.url === '/readyz' ? 200 : 404).end();
});
const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: 64 * 1024 });
server.on('upgrade', (req, socket, head) => {
  const url = new URL(req.url ?? '/', 'http://bare');
  const agentId = Number(/^agent-(\d+)$/.exec(url.searchParams.get('token') ?? '')?.[1]);
  if (url.pathname !== '/ws/shopper' && !(url.pathname === '/ws/agent' && agentId > 0)) return socket.destroy();
  wss.handleUpgrade(req, socket, head, (ws) => (url.pathname === '/ws/shopper' ? onShopper(ws) : onAgent(ws, agentId)));
});
server.listen(port, '127.0.0.1');

const stop = () => {
  for (const client of wss.clients) client.terminate();
  server.close();
  void pool.end().finally(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
