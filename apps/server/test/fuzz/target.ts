import type { AddressInfo } from 'node:net';
import type { InjectOptions } from 'fastify';
import { buildApp } from '../../src/app.ts';
import { DEMO_PASSWORD, DEMO_SHOP_KEY, seedDemo } from '../../src/seed/demo.ts';
import { createUser } from '../../src/users/service.ts';
import { createTestContext } from '../helpers.ts';

/**
 * A listening app on a small demo shop (customers, orders, tickets, products, FAQ: ids 1, 2, 3 exist), with the demo
 * admin logged in, for the fuzzers. `relogin` restores the admin's session when a fuzzed request ended it.
 */
export async function fuzzTarget(size: { customers: number; tickets: number } = { customers: 6, tickets: 12 }) {
  const { ctx, close } = await createTestContext();
  await seedDemo(ctx.db, { ...size, history: false });
  const app = await buildApp(ctx, { logger: false });
  let cookie = '';
  let username = 'admin';
  let spare = 0;
  const login = async () => {
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: DEMO_PASSWORD } });
    const session = res.cookies.find((c) => c.name === 'kefu_session');
    if (!session) return false;
    cookie = `kefu_session=${session.value}`;
    const me = await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
    return me.statusCode === 200 && me.json().user.role === 'admin';
  };
  /** Logs the admin in again; when a fuzzed request changed its password, role or state (as an admin may), a new admin. */
  const relogin = async () => {
    for (let tries = 0; !(await login()); tries++) {
      if (tries > 3) throw new Error('no admin can log in');
      username = `fuzzadmin${++spare}`;
      await createUser(ctx.db, null, { username, displayName: '模糊测试管理员', role: 'admin', password: DEMO_PASSWORD });
    }
  };
  await relogin();
  await app.listen({ port: 0, host: '127.0.0.1' });
  const port = (app.server.address() as AddressInfo).port;
  return {
    app,
    ctx,
    relogin,
    shopKey: DEMO_SHOP_KEY,
    wsBase: `ws://127.0.0.1:${port}`,
    cookie: () => cookie,
    inject: (options: InjectOptions) => app.inject({ ...options, headers: { ...options.headers, cookie } }),
    async close() {
      await app.close();
      await close();
    },
  };
}
export type FuzzTarget = Awaited<ReturnType<typeof fuzzTarget>>;
