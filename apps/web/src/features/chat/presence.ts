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
