/** Staff roles. Department collaborators receive collaboration work but do not run the service desk. */
export const ROLES = ['agent', 'supervisor', 'admin', 'warehouse', 'product', 'finance', 'tech'] as const;
export type Role = (typeof ROLES)[number];

export const DESK_ROLES: readonly Role[] = ['agent', 'supervisor', 'admin'];
export const LEAD_ROLES: readonly Role[] = ['supervisor', 'admin'];
export const ALL_ROLES: readonly Role[] = ROLES;
