/** The status the agent chose (busy, away…), kept for the tab's session so a reconnect does not undo it. */
import type { AgentStatus } from './types.ts';

const STATUS_KEY = 'kefu.chat.status';
export function wantedStatus(): AgentStatus | null {
  try {
    return sessionStorage.getItem(STATUS_KEY) as AgentStatus | null;
  } catch {
    return null;
  }
}
export function rememberStatus(status: AgentStatus | null) {
  try {
    if (status) sessionStorage.setItem(STATUS_KEY, status);
    else sessionStorage.removeItem(STATUS_KEY);
  } catch {
    /* private mode */
  }
}

/**
 * The status to ask for when connected: the one the agent chose in this tab, else online for an agent (role agent,
 * as the server's rule for a workspace socket) who opened the workspace and is offline; null when it is as it should be.
 */
export function statusToKeep(agent: { role?: string | undefined; status: AgentStatus }, workspaceOpen: boolean): AgentStatus | null {
  const wanted = wantedStatus() ?? (workspaceOpen && agent.role === 'agent' && agent.status === 'offline' ? 'online' : null);
  return wanted === agent.status ? null : wanted;
}
