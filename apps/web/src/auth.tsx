import { createContext, useContext } from 'react';
import type { Me } from './api.ts';

export interface Auth {
  user: Me;
  logout(): Promise<void>;
}

export const AuthContext = createContext<Auth | null>(null);

export function useAuth(): Auth {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error('useAuth outside the signed-in app');
  return auth;
}

/** Roles that run the service desk: they reply to customers and see customer files. */
export const DESK_ROLES = ['agent', 'supervisor', 'admin'];

/** Roles that lead the desk: supervisors and the shop owner. */
export const LEAD_ROLES = ['supervisor', 'admin'];
