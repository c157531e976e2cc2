import { ALL_ROLES } from '@kefu/domain';
import { ProductAnswer, ProductList, ProductVersion, SizeAdvice } from '@kefu/protocol/api/products';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../http/context.ts';
import { actor } from '../http/guard.ts';
import { IdParam, Version } from '../http/schemas.ts';
import { presentProduct, presentProductRow } from './presenter.ts';
import { getProduct, listProducts, ProductKnowledge, sizeAdvice, updateProductKnowledge } from './service.ts';

export function productRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['products'];
  const everyone = { roles: ALL_ROLES };

  r.get(
    '/api/products',
    {
      config: everyone,
      schema: { tags, querystring: z.object({ q: z.string().trim().max(60).optional() }), response: { 200: ProductList } },
    },
    async (request) => ({ products: (await listProducts(ctx.db, request.query.q)).map(presentProductRow) }),
  );
  r.get('/api/products/:id', { config: everyone, schema: { tags, params: IdParam, response: { 200: ProductAnswer } } }, async (request) => ({
    product: presentProduct(await getProduct(ctx.db, request.params.id)),
  }));
  r.patch(
    '/api/products/:id',
    {
      config: { roles: ['product', 'supervisor', 'admin'] },
      schema: { tags, params: IdParam, body: ProductKnowledge.extend({ version: Version }), response: { 200: ProductVersion } },
    },
    async (request) => ({ version: await updateProductKnowledge(ctx.db, actor(request).id, request.params.id, request.body) }),
  );
  r.get(
    '/api/products/:id/size',
    {
      config: everyone,
      schema: {
        tags,
        params: IdParam,
        querystring: z.object({ height: z.coerce.number().min(40).max(250), weight: z.coerce.number().min(2).max(300) }),
        response: { 200: SizeAdvice },
      },
    },
    async (request) => ({ advice: await sizeAdvice(ctx.db, request.params.id, request.query.height, request.query.weight) }),
  );
}
