/**
 * Who may call each route: the review table. A route the app registers without a row here fails the role × route
 * test, and so does a row whose roles differ from the route's own config — changing who may do what is a change to
 * this file, reviewed as such. `public` routes are open to anyone (they authenticate their own peers, or serve files).
 */
type Access = 'public' | readonly Role[];
import type { Role } from '@kefu/domain';

const ALL: readonly Role[] = ['agent', 'supervisor', 'admin', 'warehouse', 'product', 'finance', 'tech'];
const DESK: readonly Role[] = ['agent', 'supervisor', 'admin'];
const LEAD: readonly Role[] = ['supervisor', 'admin'];
const ADMIN: readonly Role[] = ['admin'];
const EDITORS: readonly Role[] = ['supervisor', 'admin', 'product'];

export const ROUTE_TABLE: Record<string, Access> = {
  'GET /healthz': 'public',
  'GET /readyz': 'public',
  'GET /api/docs/': 'public',
  'GET /api/docs/static/index.html': 'public',
  'GET /api/docs/static/swagger-initializer.js': 'public',
  'GET /api/docs/json': 'public',
  'GET /api/docs/yaml': 'public',
  'GET /api/docs/static/*': 'public',
  'GET /webchat': 'public',
  'GET /widget/*': 'public',
  'GET /*': 'public',

  'POST /api/auth/login': 'public',
  'POST /api/auth/logout': 'public',
  'GET /api/auth/me': ALL,
  'GET /api/auth/tokens': ALL,
  'POST /api/auth/tokens': ALL,
  'DELETE /api/auth/tokens/:id': ALL,

  'GET /api/users': ALL,
  'POST /api/users': ADMIN,
  'PATCH /api/users/:id': ADMIN,
  'GET /api/groups': ALL,
  'POST /api/groups': ADMIN,
  'GET /api/audit': LEAD,

  'GET /api/customers': DESK,
  'GET /api/customers/duplicates': DESK,
  'POST /api/customers': DESK,
  'GET /api/customers/:id': DESK,
  'PATCH /api/customers/:id': DESK,
  'POST /api/customers/:id/notes': DESK,
  'POST /api/customers/:id/merge': LEAD,

  'GET /api/tickets': ALL,
  'POST /api/tickets': DESK,
  'GET /api/tickets/:id': ALL,
  'PATCH /api/tickets/:id': DESK,
  'GET /api/tickets/:id/timeline': ALL,
  'POST /api/tickets/:id/messages': ALL,
  'POST /api/tickets/:id/attachments': ALL,
  'POST /api/tickets/:id/complaint': DESK,
  'POST /api/tickets/:id/escalations': DESK,
  'GET /api/tickets/:id/escalations': DESK,
  'GET /api/attachments/:id': ALL,

  'GET /api/orders': ALL,
  'GET /api/orders/:id': ALL,
  'POST /api/orders': DESK,
  'POST /api/orders/import': LEAD,
  'POST /api/orders/:id/confirm': DESK,
  'POST /api/orders/:id/flags/:flagId/resolve': DESK,
  'POST /api/orders/:id/cancel': DESK,
  'POST /api/orders/:id/lines': DESK,
  'POST /api/orders/:id/problem': DESK,
  'POST /api/orders/:id/substitutions': ['product', 'supervisor', 'admin'],
  'POST /api/substitutions/:id/answer': DESK,
  'GET /api/substitutions/late': ALL,
  'POST /api/webhooks/orders': 'public',

  'GET /api/aftersales': ALL,
  'POST /api/aftersales': DESK,
  'GET /api/aftersales/:id': ALL,
  'POST /api/aftersales/:id/transition': ALL,
  'POST /api/aftersales/:id/progress': DESK,
  'POST /api/aftersales/:id/plan': DESK,

  'GET /api/tasks': ALL,
  'POST /api/tickets/:id/tasks': DESK,
  'PATCH /api/tasks/:id': ALL,

  'GET /api/settings': DESK,
  'PUT /api/settings/:key': ADMIN,
  'GET /api/sla/policies': DESK,
  'GET /api/sla/policies/:id': DESK,
  'POST /api/sla/policies': ADMIN,
  'PUT /api/sla/policies/:id': ADMIN,
  'DELETE /api/sla/policies/:id': ADMIN,
  'GET /api/sla/clocks': DESK,
  'GET /api/sla/board': LEAD,
  'GET /api/jobs': ADMIN,
  'POST /api/jobs/:name/run': ADMIN,

  'GET /api/products': ALL,
  'GET /api/products/:id': ALL,
  'PATCH /api/products/:id': ['product', 'supervisor', 'admin'],
  'GET /api/products/:id/size': ALL,

  'GET /api/knowledge/faqs': ALL,
  'GET /api/knowledge/faqs/:id': ALL,
  'POST /api/knowledge/faqs': EDITORS,
  'PUT /api/knowledge/faqs/:id': EDITORS,
  'DELETE /api/knowledge/faqs/:id': EDITORS,
  'POST /api/knowledge/faqs/import': EDITORS,
  'GET /api/knowledge/faqs/export': ALL,
  'GET /api/knowledge/suggest': ['agent', 'supervisor', 'admin', 'product'],
  'GET /api/knowledge/features': ALL,
  'GET /api/knowledge/unknown': ALL,
  'POST /api/knowledge/unknown/:id': EDITORS,
  'GET /api/knowledge/synonyms': ALL,
  'PUT /api/knowledge/synonyms': EDITORS,

  'GET /ws/shopper': 'public',
  'GET /ws/agent': 'public',
  'GET /api/conversations': DESK,
  'GET /api/conversations/:id': DESK,
  'GET /api/conversations/:id/messages': DESK,
  'POST /api/conversations/:id/ticket': DESK,
  'POST /api/conversations/:id/draft': DESK,
  'GET /api/chat/overview': LEAD,
  'POST /api/chat/files': 'public',
  'GET /api/chat/files/:id': 'public',
  'GET /api/shops': ADMIN,
  'PUT /api/shops/:id/bot': ADMIN,
  'POST /api/shops/:id/identity-secret': ADMIN,
  'GET /api/quick-replies': DESK,
  'POST /api/quick-replies': DESK,
  'DELETE /api/quick-replies/:id': DESK,
  'GET /api/forbidden-phrases': DESK,
  'POST /api/forbidden-phrases': LEAD,
  'DELETE /api/forbidden-phrases/:id': LEAD,
};

/** Routes that exist only when the web app and widget are built (npm test builds them first). */
export const BUILT_ONLY = new Set(['GET /webchat', 'GET /widget/*', 'GET /*']);
