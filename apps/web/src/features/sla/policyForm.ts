import { MATCH_DIMENSIONS, type DurationUnit, type SlaMetric } from '@kefu/domain';
import type { FieldError, SlaPolicy, SlaPolicyInput } from '../../api.ts';
import type { Translate } from '../../i18n.ts';

/** One row of the targets table: a span of service time, or a daily deadline. */
export interface TargetRow {
  metric?: SlaMetric;
  kind: 'span' | 'daily';
  within?: number | null;
  unit?: DurationUnit;
  dailyBefore?: string;
}

/** The drawer's form: the policy flattened where a widget edits one value (calendar, reassignment). */
export interface PolicyValues {
  name: string;
  position: number;
  enabled: boolean;
  match: SlaPolicy['match'];
  hoursKind: 'always' | 'business';
  days: 'working' | 'every';
  from: string;
  to: string;
  pauseOnCustomer: boolean;
  warnAtPercent: number;
  targets: TargetRow[];
  raisePriority: boolean;
  reassignKind: 'none' | 'group' | 'user';
  reassignGroupId?: number;
  reassignUserId?: number;
}

const NO_MATCH: SlaPolicy['match'] = { ticketTypes: [], categories: [], severities: [], priorities: [], channels: [], segments: [] };

export function toValues(policy: SlaPolicy | null, nextPosition: number): PolicyValues {
  if (!policy)
    return {
      name: '',
      position: nextPosition,
      enabled: true,
      match: NO_MATCH,
      hoursKind: 'always',
      days: 'working',
      from: '09:00',
      to: '18:00',
      pauseOnCustomer: true,
      warnAtPercent: 80,
      targets: [{ metric: 'first_response', kind: 'span', within: 30, unit: 'minutes' }],
      raisePriority: false,
      reassignKind: 'none',
    };
  const reassign = policy.onBreach.reassign;
  return {
    name: policy.name,
    position: policy.position,
    enabled: policy.enabled ?? true,
    match: { ...NO_MATCH, ...policy.match },
    hoursKind: policy.hours.kind,
    days: policy.hours.kind === 'business' ? policy.hours.days : 'working',
    from: policy.hours.kind === 'business' ? policy.hours.from : '09:00',
    to: policy.hours.kind === 'business' ? policy.hours.to : '18:00',
    pauseOnCustomer: policy.pauseOnCustomer ?? true,
    warnAtPercent: policy.warnAtPercent ?? 80,
    targets: policy.targets.map((x) =>
      x.dailyBefore
        ? { metric: x.metric, kind: 'daily', dailyBefore: x.dailyBefore, unit: 'hours' }
        : { metric: x.metric, kind: 'span', within: x.within, unit: x.unit ?? 'minutes' },
    ),
    raisePriority: policy.onBreach.raisePriority,
    reassignKind: !reassign ? 'none' : 'groupId' in reassign ? 'group' : 'user',
    reassignGroupId: reassign && 'groupId' in reassign ? reassign.groupId : undefined,
    reassignUserId: reassign && 'userId' in reassign ? reassign.userId : undefined,
  };
}

export function toInput(v: PolicyValues): SlaPolicyInput {
  return {
    name: v.name.trim(),
    enabled: v.enabled,
    position: v.position,
    match: Object.fromEntries(MATCH_DIMENSIONS.map((d) => [d, v.match?.[d] ?? []])) as SlaPolicyInput['match'],
    hours: v.hoursKind === 'always' ? { kind: 'always' } : { kind: 'business', days: v.days, from: v.from, to: v.to },
    pauseOnCustomer: v.pauseOnCustomer,
    warnAtPercent: v.warnAtPercent,
    targets: (v.targets ?? []).map((row) =>
      row.kind === 'daily'
        ? { metric: row.metric!, dailyBefore: row.dailyBefore! }
        : { metric: row.metric!, within: Number(row.within), unit: row.unit ?? 'minutes' },
    ),
    onBreach: {
      raisePriority: v.raisePriority,
      reassign:
        v.reassignKind === 'group' && v.reassignGroupId
          ? { groupId: v.reassignGroupId }
          : v.reassignKind === 'user' && v.reassignUserId
            ? { userId: v.reassignUserId }
            : null,
    },
  };
}

/** Where the server's field ("body.targets.0.within") sits in the form; null for the form as a whole. */
export function formPath(field: string): (string | number)[] | null {
  const parts = field
    .replace(/^body\.?/, '')
    .split('.')
    .filter(Boolean)
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  const [head, second, third] = parts;
  switch (head) {
    case 'name':
    case 'position':
    case 'enabled':
    case 'pauseOnCustomer':
    case 'warnAtPercent':
      return [head];
    case 'match':
      return typeof second === 'string' ? ['match', second] : null;
    case 'hours':
      return second === 'from' || second === 'to' || second === 'days' ? [second] : ['hoursKind'];
    case 'targets':
      if (typeof second !== 'number') return ['targets'];
      return typeof third === 'string' ? ['targets', second, third === 'unit' ? 'within' : third] : ['targets', second, 'metric'];
    case 'onBreach':
      if (third === 'groupId') return ['reassignGroupId'];
      if (third === 'userId') return ['reassignUserId'];
      return ['raisePriority'];
    default:
      return null;
  }
}

const REASONS: Record<string, Parameters<Translate>[0]> = {
  'must be more than 0': 'sla.reason.positive',
  'at most 60 days': 'sla.reason.max60',
  'a policy sets at least one target': 'sla.reason.noTargets',
  'sets a metric twice': 'sla.reason.metricTwice',
  'must be after "from"': 'sla.reason.toAfterFrom',
  'no such skill group': 'sla.reason.noGroup',
  'no such active user': 'sla.reason.noUser',
  'lists a value twice': 'sla.reason.twice',
};

/** The server's reason in the reader's language where it is a known one; otherwise as the server said it. */
export function reasonText(t: Translate, reason: string): string {
  const known = REASONS[reason];
  if (known) return t(known);
  const overlap = /^overlaps policy "(.*?)":/.exec(reason);
  return overlap ? t('sla.reason.overlap', { name: overlap[1]! }) : reason;
}

/** The server's field errors, grouped by where the form shows them; `rest` for those it cannot place. */
export function placeErrors(
  t: Translate,
  fields: readonly FieldError[],
): { placed: { name: (string | number)[]; errors: string[] }[]; rest: string[] } {
  const byPath = new Map<string, { name: (string | number)[]; errors: string[] }>();
  const rest: string[] = [];
  for (const f of fields) {
    const name = formPath(f.field);
    const text = reasonText(t, f.reason);
    if (!name) {
      rest.push(text);
      continue;
    }
    const key = name.join('.');
    const entry = byPath.get(key) ?? { name, errors: [] };
    entry.errors.push(text);
    byPath.set(key, entry);
  }
  return { placed: [...byPath.values()], rest };
}
