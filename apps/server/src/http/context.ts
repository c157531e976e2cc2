import type { Role } from '@kefu/domain';
import type { Marketplace, MarketplaceIm } from '../channels/marketplace/contract.ts';
import type { SmsGateway } from '../channels/sms/gateway.ts';
import type { Config } from '../config.ts';
import type { Db, Engine } from '../db/database.ts';

export interface Principal {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  via: 'session' | 'token';
}

/** What route modules need: the database and the configuration. */
export interface AppContext {
  db: Db;
  engine: Engine;
  config: Config;
  /** The SMS gateway, when the deployment has one; read at each use, so it may be set after start. */
  sms?: SmsGateway;
  /** The marketplaces whose chats come in (channels/marketplace), set from the configuration unless already set. */
  marketplaces?: Partial<Record<Marketplace, MarketplaceIm>>;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    /** Roles allowed on the route; every route names them unless it is public (the guard refuses to start otherwise). */
    roles?: readonly Role[];
    /** Anyone may call it; a public route that needs a caller (a socket, the widget's upload) checks its own credentials. */
    public?: boolean;
    /** Writes from other sites' pages are allowed (the widget on the shop's own domain); they never carry our cookie. */
    crossOrigin?: boolean;
  }
}
