import { TicketCollision } from '../chat/collision.ts';
import type { Hub } from '../chat/hub.ts';
import type { Db } from '../db/database.ts';
import type { BotBrain } from '../knowledge/bot.ts';
import { BotTurns } from './bot-turns.ts';
import { FanOut } from './fan-out.ts';
import { Messages, type Understand } from './messages.ts';
import { Presence } from './presence.ts';
import { Routing } from './routing.ts';
import { Shoppers } from './shoppers.ts';
import { Signals } from './signals.ts';
import { catchUp, messagesAfter } from './store.ts';
import { AgentSuggestions, type Assist } from './suggestions.ts';

export interface ChatSettings {
  defaultMaxChats: number;
}

/**
 * Live chat, put together from its parts, one job each; the sockets, the routes and the scheduled jobs reach
 * them through here:
 * - `messages`: what shoppers and agents send — stored, then told to the other side (`fanOut`);
 * - `bot`: the service bot's turns and its handover; `routing`: the dispatcher, accepting, transfers, closing;
 * - `presence`: agents' status; `signals`: typing and read receipts; `shoppers`: rating, leaving a message;
 * - `collision`: who is on a ticket's page and typing a reply there.
 */
export class ChatService {
  readonly fanOut: FanOut;
  readonly routing: Routing;
  readonly bot: BotTurns;
  readonly messages: Messages;
  readonly presence: Presence;
  readonly signals: Signals;
  readonly shoppers: Shoppers;
  readonly collision: TicketCollision;

  constructor(
    private readonly db: Db,
    readonly hub: Hub,
    readonly settings: ChatSettings,
    assist?: Assist,
    brain?: BotBrain,
    understand?: Understand,
  ) {
    const suggestions = new AgentSuggestions(db, hub, assist);
    this.fanOut = new FanOut(db, hub);
    this.routing = new Routing(db, this.fanOut, suggestions);
    this.bot = new BotTurns(db, this.fanOut, this.routing, brain);
    this.messages = new Messages(db, this.fanOut, this.routing, this.bot, suggestions, understand);
    this.presence = new Presence(db, settings.defaultMaxChats, this.routing);
    this.signals = new Signals(db, hub);
    this.shoppers = new Shoppers(db, this.fanOut, understand);
    this.collision = new TicketCollision(db, hub);
  }

  /** The dispatcher's sweep (a scheduled job): gives waiting conversations to free agents. */
  dispatchAndTell(): Promise<void> {
    return this.routing.dispatchAndTell();
  }

  history(conversationId: number, afterSeq: number, includeNotes: boolean) {
    return messagesAfter(this.db, conversationId, afterSeq, includeNotes);
  }

  /** What a client resuming after `afterSeq` is sent (store.ts catchUp). */
  catchUp(conversationId: number, afterSeq: number, includeNotes: boolean) {
    return catchUp(this.db, conversationId, afterSeq, includeNotes);
  }
}
