import { DESK_ROLES } from '@kefu/domain';
import { SavedSetting, Settings } from '@kefu/protocol/api/settings';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../http/context.ts';
import { parseInput } from '../http/errors.ts';
import { actor } from '../http/guard.ts';
import { getSetting, putSetting, SETTINGS, type SettingKey } from './service.ts';

export function settingRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['settings'];
  const keys = Object.keys(SETTINGS) as [SettingKey, ...SettingKey[]];

  r.get('/api/settings', { config: { roles: DESK_ROLES }, schema: { tags, response: { 200: Settings } } }, async () => {
    const [orderChecks, afterSalePolicy] = await Promise.all([getSetting(ctx.db, 'orderChecks'), getSetting(ctx.db, 'afterSalePolicy')]);
    return { settings: { orderChecks, afterSalePolicy } };
  });

  r.put(
    '/api/settings/:key',
    {
      config: { roles: ['admin'] },
      schema: {
        tags,
        params: z.object({ key: z.enum(keys) }),
        body: z.object({ value: z.unknown(), version: z.number().int().min(0) }),
        response: { 200: SavedSetting },
      },
    },
    async (request) => {
      const { key } = request.params;
      const value = parseInput(SETTINGS[key], request.body.value, 'body.value');
      const version = await putSetting(ctx.db, actor(request).id, key, value, request.body.version);
      return { value, version };
    },
  );
}
