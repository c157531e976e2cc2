/**
 * The API contract: every HTTP route declares the body it answers with (a zod schema in packages/protocol/src/api), and the
 * OpenAPI document shows each of them, in camelCase. A route added without a response schema fails here by name.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { listRoutes, type RegisteredRoute } from '../src/http/guard.ts';
import { createTestContext } from './helpers.ts';
import { BUILT_ONLY } from './security/route-table.ts';

/** Routes that answer with no JSON of their own: the plugins' files (API docs, widget, web app) and the WebSocket upgrades. */
const NOT_JSON = new Set([
  'GET /api/docs/',
  'GET /api/docs/static/index.html',
  'GET /api/docs/static/swagger-initializer.js',
  'GET /api/docs/json',
  'GET /api/docs/yaml',
  'GET /api/docs/static/*',
  'GET /webchat',
  'GET /widget/*',
  'GET /*',
  'GET /ws/shopper',
  'GET /ws/agent',
]);
/** Declared, but kept out of the OpenAPI document on purpose: the probes are for load balancers, not API clients. */
const UNDOCUMENTED = new Set(['GET /healthz', 'GET /readyz']);

type OpenApiSchema = {
  properties?: Record<string, OpenApiSchema>;
  items?: OpenApiSchema;
  additionalProperties?: OpenApiSchema | boolean;
  anyOf?: OpenApiSchema[];
  oneOf?: OpenApiSchema[];
  allOf?: OpenApiSchema[];
};
type OpenApiResponse = { description: string; content?: Record<string, { schema?: OpenApiSchema }> };
type OpenApiDocument = { paths: Record<string, Record<string, { responses?: Record<string, OpenApiResponse> }>> };

let app: FastifyInstance;
let close: () => Promise<void>;
let routes: RegisteredRoute[];
let doc: OpenApiDocument;

beforeAll(async () => {
  const test = await createTestContext();
  app = await buildApp(test.ctx, { logger: false });
  await app.ready();
  close = async () => {
    await app.close();
    await test.close();
  };
  routes = listRoutes(app).filter((r) => r.method !== 'HEAD');
  doc = app.swagger() as unknown as OpenApiDocument;
});
afterAll(() => close());

const key = (r: RegisteredRoute) => `${r.method} ${r.url}`;
const json = () => routes.filter((r) => !NOT_JSON.has(key(r)));
const documented = () => json().filter((r) => !UNDOCUMENTED.has(key(r)));
const isSuccess = (status: string) => /^2\d\d$/.test(status);

/** A declared response: a zod schema, or `{ content: { <media type>: { schema } } }` for a file. */
function declaresBody(declared: unknown): boolean {
  if (!declared || typeof declared !== 'object') return false;
  if ('_zod' in declared) return true;
  const content = (declared as { content?: Record<string, { schema?: { _zod?: unknown } }> }).content;
  return !!content && Object.values(content).length > 0 && Object.values(content).every((c) => !!c.schema?._zod);
}

function successResponses(route: RegisteredRoute): [string, unknown][] {
  const response = (route.schema as { response?: Record<string, unknown> } | undefined)?.response ?? {};
  return Object.entries(response).filter(([status]) => isSuccess(status));
}

function openApiOperation(route: RegisteredRoute) {
  const path = route.url.replace(/:(\w+)/g, '{$1}');
  return doc.paths[path]?.[route.method.toLowerCase()];
}

/** Every property name in a schema, nested ones included, with where it is. */
function propertyNames(schema: OpenApiSchema | undefined, at: string): string[] {
  if (!schema || typeof schema !== 'object') return [];
  const own = Object.entries(schema.properties ?? {}).flatMap(([name, s]) => [`${at}.${name}`, ...propertyNames(s, `${at}.${name}`)]);
  const nested = [
    schema.items,
    typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined,
    ...(schema.anyOf ?? []),
    ...(schema.oneOf ?? []),
    ...(schema.allOf ?? []),
  ];
  return [...own, ...nested.flatMap((s) => propertyNames(s, at))];
}

describe('the API contract', () => {
  it('lists only exceptions that exist', () => {
    const registered = new Set(routes.map(key));
    const stale = [...NOT_JSON, ...UNDOCUMENTED].filter((k) => !registered.has(k) && !BUILT_ONLY.has(k));
    expect(stale, 'exceptions for routes that no longer exist').toEqual([]);
    expect(json().length).toBeGreaterThan(80);
  });

  it('has every JSON route declare its success response schema', () => {
    const undeclared = json()
      .filter((r) => !successResponses(r).some(([, declared]) => declaresBody(declared)))
      .map(key);
    expect(undeclared, 'routes without `schema.response` for their 2xx answer (packages/protocol/src/api/*)').toEqual([]);
  });

  it('shows each declared success response in the OpenAPI document', () => {
    const missing = documented()
      .filter((route) => {
        const responses = openApiOperation(route)?.responses ?? {};
        return (
          successResponses(route).length === 0 ||
          successResponses(route).some(([status]) => {
            const shown = responses[status];
            if (!shown) return true;
            if (status === '204') return false; // no content, by definition
            return !Object.values(shown.content ?? {}).some((c) => c.schema && Object.keys(c.schema).length > 0);
          })
        );
      })
      .map(key);
    expect(missing, 'routes whose 2xx response the OpenAPI document does not show').toEqual([]);
  });

  it('names every field of every response in camelCase', () => {
    const snake = documented().flatMap((route) =>
      Object.entries(openApiOperation(route)?.responses ?? {})
        .filter(([status]) => isSuccess(status))
        .flatMap(([status, response]) => Object.values(response.content ?? {}).flatMap((c) => propertyNames(c.schema, `${key(route)} ${status}`)))
        .filter((name) => /_/.test(name.slice(name.lastIndexOf('.') + 1))),
    );
    expect([...new Set(snake)], 'snake_case fields in responses').toEqual([]);
  });
});
