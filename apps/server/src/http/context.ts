import type { Role } from '@kefu/domain';
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
}

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    /** Roles allowed on the route; routes under /api must name them unless public. */
    roles?: readonly Role[];
    public?: boolean;
  }
}
