/**
 * Balanced assignment of customers to owners (专属客服), DOMAIN.md §5: supervisors spread customers across agents
 * by count and skill. Pure: the server reads loads, groups and current owners, and writes what this returns.
 */

export interface OwnerCandidate {
  id: number;
  /** Live customers this agent owns today, the ones being balanced included. */
  load: number;
  groupIds: readonly number[];
}

export interface CustomerToPlace {
  id: number;
  segment: string;
  ownerId: number | null;
}

export interface BalanceOptions {
  /** Hand every customer out again, not only those without an owner (an owner among the agents is preferred on a tie). */
  rebalance?: boolean;
  /** A segment's customers go to the agents of this skill group when any of the chosen agents belongs to it. */
  segmentGroups?: Readonly<Partial<Record<string, number>>>;
}

export interface OwnerMove {
  customerId: number;
  fromAgentId: number | null;
  toAgentId: number;
}

export interface OwnerLoadChange {
  agentId: number;
  before: number;
  after: number;
  gained: number;
}

export interface BalancePlan {
  moves: OwnerMove[];
  kept: number;
  loads: OwnerLoadChange[];
}

/** The agents a customer of this segment may go to: the segment's group when one of them is in it, else all. */
function eligibleAgents(segment: string, agents: readonly OwnerCandidate[], options: BalanceOptions) {
  const group = options.segmentGroups?.[segment];
  if (group === undefined) return agents;
  const skilled = agents.filter((a) => a.groupIds.includes(group));
  return skilled.length ? skilled : agents;
}

/**
 * Gives each customer that needs one the least-loaded eligible agent (lowest id on a tie, its current owner first),
 * customers bound to a skill group before the others so that the group's agents are not filled up by anyone.
 * Without agents nobody is placed.
 */
export function balanceOwners(customers: readonly CustomerToPlace[], agents: readonly OwnerCandidate[], options: BalanceOptions = {}): BalancePlan {
  const load = new Map(agents.map((a) => [a.id, a.load]));
  const ordered = [...agents].sort((a, b) => a.id - b.id);
  const toPlace = options.rebalance ? [...customers] : customers.filter((c) => c.ownerId === null);
  if (options.rebalance) for (const c of toPlace) if (c.ownerId !== null && load.has(c.ownerId)) load.set(c.ownerId, load.get(c.ownerId)! - 1);
  const bound = (c: CustomerToPlace) => (options.segmentGroups?.[c.segment] === undefined ? 1 : 0);
  toPlace.sort((a, b) => bound(a) - bound(b) || a.id - b.id);

  const moves: OwnerMove[] = [];
  let kept = customers.length - toPlace.length;
  if (ordered.length === 0) return { moves, kept, loads: [] };
  for (const c of toPlace) {
    const eligible = eligibleAgents(c.segment, ordered, options);
    const least = Math.min(...eligible.map((a) => load.get(a.id)!));
    const owner = eligible.find((a) => a.id === c.ownerId && load.get(a.id) === least);
    const chosen = owner ?? eligible.find((a) => load.get(a.id) === least)!;
    load.set(chosen.id, load.get(chosen.id)! + 1);
    if (chosen.id === c.ownerId) kept++;
    else moves.push({ customerId: c.id, fromAgentId: c.ownerId, toAgentId: chosen.id });
  }
  return {
    moves,
    kept,
    loads: ordered.map((a) => {
      const gained = moves.filter((m) => m.toAgentId === a.id).length;
      const lost = moves.filter((m) => m.fromAgentId === a.id).length;
      return { agentId: a.id, before: a.load, after: a.load + gained - lost, gained };
    }),
  };
}
