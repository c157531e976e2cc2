import { departmentRole, taskTransitionError, type Department, type TaskState } from './collaboration.ts';
import { refusal, type Refusal } from './refusal.ts';
import { DESK_ROLES, LEAD_ROLES, type Role } from './roles.ts';
import { maskAddress, maskAddressesInText, maskStreet } from './masking.ts';
import { maskEmail, maskPhone } from './verification.ts';

/**
 * Who always sees a shopper's contact details (receiver's name, phone, street address; customer phone and e-mail):
 * the desk, which serves the shopper. A department sees them only on a case where its task needs them (the warehouse
 * shipping a reissue: `seesReceiver` in masking.ts), passed to the views below as `sees`.
 */
export const CONTACT_ROLES: readonly Role[] = DESK_ROLES;

export function seesContact(role: Role): boolean {
  return CONTACT_ROLES.includes(role);
}

/** A phone as roles outside CONTACT_ROLES see it (the same rule as the shopper's code prompt: 138****5678). */
function maskedPhone(phone: string | null): string | null {
  return phone ? maskPhone(phone.trim()) : phone;
}

/** 林小姐 → 林**: the family name stays, so a colleague can still say whose parcel it is. */
export function maskName(name: string | null): string | null {
  if (name === null || name === '') return name;
  const chars = [...name.trim()];
  return `${chars[0] ?? ''}${'*'.repeat(Math.max(1, Math.min(chars.length - 1, 4)))}`;
}

const MOBILE_IN_TEXT = /(?<!\d)(1[3-9]\d)(?:[ -]?\d){4}((?:[ -]?\d){4})(?!\d)/g;
const EMAIL_IN_TEXT = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;

/** Free text (a remark, a check's resolution) with mainland mobile numbers, e-mail and street addresses masked. */
export function maskContactsInText(text: string | null): string | null {
  if (!text) return text;
  return maskAddressesInText(text)!
    .replace(MOBILE_IN_TEXT, (_m, head: string, tail: string) => `${head}****${tail.replace(/[ -]/g, '')}`)
    .replace(EMAIL_IN_TEXT, maskEmail);
}

/**
 * Who serves the shopper, and so reads their contacts in tickets, timelines, after-sale requests, tasks and bot
 * questions, and finds those by a phone number or an e-mail address: the desk. The warehouse ships to the
 * receiver (it sees them on the order) but never needs to reach or look up the shopper, so it is not here.
 */
export const SHOPPER_CONTACT_ROLES: readonly Role[] = DESK_ROLES;

export function servesShopper(role: Role): boolean {
  return SHOPPER_CONTACT_ROLES.includes(role);
}

const EMAIL_LIKE = /[^\s@]+@[^\s@]+/;

/** Whether a search text names a contact — a mainland mobile number (spaces and dashes allowed) or an e-mail address. */
export function namesContact(query: string): boolean {
  return new RegExp(MOBILE_IN_TEXT.source).test(query) || EMAIL_LIKE.test(query);
}

/** Whether `role` may search free text for `query`: looking a shopper up by their contact is the desk's alone. */
export function mayFindByContact(role: Role, query: string): boolean {
  return servesShopper(role) || !namesContact(query);
}

/** Every string inside a JSON value (an event's data) with contacts masked. */
function maskContactsDeep(value: unknown): unknown {
  if (typeof value === 'string') return maskContactsInText(value);
  if (Array.isArray(value)) return value.map(maskContactsDeep);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskContactsDeep(v)]));
  }
  return value;
}

/** Which fields of a record carry what: free text, a person's name, or JSON holding free text. */
interface ShopperFields<T> {
  text?: (keyof T)[];
  names?: (keyof T)[];
  json?: (keyof T)[];
}

/**
 * `record` as `role` may see it (the one step every shopper-facing output goes through): for roles outside
 * SHOPPER_CONTACT_ROLES phones and e-mails in the free text are masked, names cut to the family name;
 * `contact_masked` tells the client which it got.
 */
function shopperView<T extends object>(record: T, role: Role, fields: ShopperFields<T>, sees = false): T & { contact_masked: boolean } {
  if (sees || servesShopper(role)) return { ...record, contact_masked: false };
  const masked: Record<string, unknown> = { ...record, contact_masked: true };
  for (const f of fields.text ?? []) if (typeof record[f] === 'string') masked[f as string] = maskContactsInText(record[f] as string);
  for (const f of fields.names ?? []) if (typeof record[f] === 'string') masked[f as string] = maskName(record[f] as string);
  for (const f of fields.json ?? []) if (f in record) masked[f as string] = maskContactsDeep(record[f]);
  return masked as T & { contact_masked: boolean };
}

/**
 * A ticket (list row or detail) as `role` may see it: subject, description and the customer's name; `sees` when a
 * department's task on it needs the shopper's contacts (`seesReceiver`).
 */
export function ticketForRole<T extends { subject?: string; description?: string; customer_name?: string | null }>(
  ticket: T,
  role: Role,
  sees = false,
) {
  return shopperView(ticket, role, { text: ['subject', 'description'], names: ['customer_name'] }, sees);
}

/** A timeline event as `role` may see it: the message and every text in its data (a changed subject, a task's title). */
export function ticketEventForRole<T extends { body: string | null; data: unknown; attachments?: { filename: string }[] }>(
  event: T,
  role: Role,
  sees = false,
) {
  const view = shopperView(event, role, { text: ['body'], json: ['data'] }, sees);
  if (view.contact_masked && event.attachments)
    view.attachments = event.attachments.map((a) => ({ ...a, filename: maskContactsInText(a.filename) ?? '' }));
  return view;
}

/** An after-sale request (list row or detail) as `role` may see it. */
export function afterSaleForRole<T extends { description?: string; plan?: string | null; customer_name?: string | null }>(
  request: T,
  role: Role,
  sees = false,
) {
  return shopperView(request, role, { text: ['description', 'plan'], names: ['customer_name'] }, sees);
}

/** A collaboration task as `role` may see it: its title, the shopper's description as handed over, and the answer. */
export function taskForRole<T extends { title: string; description: string; answer: string | null }>(task: T, role: Role, sees = false) {
  return shopperView(task, role, { text: ['title', 'description', 'answer'] }, sees);
}

/** A question the bot could not answer, as the shopper typed it, as `role` may see it. */
export function unknownQuestionForRole<T extends { question: string }>(question: T, role: Role) {
  return shopperView(question, role, { text: ['question'] });
}

/** The order fields that carry contact details, as the API names them. */
export interface OrderContactFields {
  receiver_name?: string | null;
  receiver_phone?: string | null;
  district?: string | null;
  address?: string | null;
  remark?: string | null;
  cancel_reason?: string | null;
  customer_name?: string | null;
  flags?: { detail: unknown; resolution?: string | null }[];
  /** The detail's history, tasks and substitutions: their free text (a cancel reason, an answer, a note). */
  events?: unknown[];
  tasks?: unknown[];
  substitutions?: unknown[];
}

function maskFlagDetail(detail: unknown): unknown {
  if (!detail || typeof detail !== 'object') return detail;
  const d = { ...(detail as Record<string, unknown>) };
  if (typeof d.phone === 'string') d.phone = maskedPhone(d.phone);
  if ('address' in d) d.address = typeof d.address === 'string' ? maskAddress(d.address) : null;
  if (typeof d.remark === 'string') d.remark = maskContactsInText(d.remark);
  return d;
}

/**
 * An order (list row or detail) as `role` may see it. Roles outside CONTACT_ROLES — unless `sees` (a department task
 * on the order needs the receiver: `seesReceiver`) — get the receiver's and the customer's name and the receiver's
 * phone masked (138****5678), the street cut (浙江省 杭州市 西湖区 ****), and phones, e-mails and addresses in free
 * text (remark, cancel reason, checks, history, tasks, substitutions) masked; `contact_masked` tells the client which it got.
 */
export function orderForRole<T extends OrderContactFields>(order: T, role: Role, sees = false): T & { contact_masked: boolean } {
  if (sees || seesContact(role)) return { ...order, contact_masked: false };
  const masked: T & { contact_masked: boolean } = { ...order, contact_masked: true };
  if ('receiver_name' in order) masked.receiver_name = maskName(order.receiver_name ?? null);
  if ('customer_name' in order) masked.customer_name = maskName(order.customer_name ?? null);
  if ('receiver_phone' in order) masked.receiver_phone = maskedPhone(order.receiver_phone ?? null);
  if ('address' in order) masked.address = maskStreet(order.address ?? null);
  if ('remark' in order) masked.remark = maskContactsInText(order.remark ?? null);
  if ('cancel_reason' in order) masked.cancel_reason = maskContactsInText(order.cancel_reason ?? null);
  if (order.flags)
    masked.flags = order.flags.map((f) => ({
      ...f,
      detail: maskFlagDetail(f.detail),
      ...('resolution' in f && { resolution: maskContactsInText(f.resolution ?? null) }),
    }));
  for (const list of ['events', 'tasks', 'substitutions'] as const) if (order[list]) masked[list] = maskContactsDeep(order[list]) as unknown[];
  return masked;
}

/** Which order columns a free-text order search may match for `role`: a receiver's phone only for CONTACT_ROLES. */
export function orderSearchColumns(role: Role): ('order_no' | 'buyer_nick' | 'tracking_no' | 'receiver_phone')[] {
  return seesContact(role) ? ['order_no', 'buyer_nick', 'tracking_no', 'receiver_phone'] : ['order_no', 'buyer_nick', 'tracking_no'];
}

export interface TaskFacts {
  department: Department;
  state: TaskState;
  ownerId: number | null;
}
export interface TaskChangeWanted {
  state?: TaskState;
  answer?: string;
  ownerId?: number | null;
}
export type TaskRefusal = Refusal<'forbidden' | 'wrong_role' | 'invalid_transition' | 'task_done'>;

/**
 * Why `actor` may not make `change` to a collaboration task, or null. The rules:
 * - only the task's department (its role), its owner, or a supervisor/admin acts on an open or working task;
 * - a done task is read-only: a supervisor/admin may reopen it (and hand it to someone at the same time), nothing else;
 * - state moves follow the task's state machine.
 */
export function taskChangeRefusal(task: TaskFacts, actor: { id: number; role: Role }, change: TaskChangeWanted): TaskRefusal | null {
  const lead = LEAD_ROLES.includes(actor.role);
  const moving = change.state !== undefined && change.state !== task.state;
  if (task.state === 'done') {
    if (!lead) return refusal('wrong_role', 'a done task is read-only; only a supervisor or admin may reopen it');
    if (!moving) return refusal('task_done', 'the task is done: reopen it (state: open) before changing it');
    if (change.answer !== undefined) return refusal('task_done', 'body.answer: the answer of a done task stays as given; reopen it first');
  } else if (!lead && actor.role !== departmentRole(task.department) && actor.id !== task.ownerId) {
    return refusal('forbidden', `only ${departmentRole(task.department)}, the task's owner or a supervisor may change a ${task.department} task`);
  }
  if (moving) {
    const refused = taskTransitionError(task.department, task.state, change.state!, actor.role);
    // The owner of another role acts for the department on the way to done.
    const ownerActs = refused?.code === 'wrong_role' && actor.id === task.ownerId && change.state !== 'open';
    if (refused && !ownerActs) return refusal(refused.code, `body.state: ${refused.message}`);
  }
  return null;
}

/** Why a user of `ownerRole` may not own a `department` task, or null: owners are the department's people or leads. */
export function taskOwnerRefusal(department: Department, ownerRole: Role): Refusal<'wrong_role'> | null {
  return ownerRole === departmentRole(department) || LEAD_ROLES.includes(ownerRole)
    ? null
    : refusal('wrong_role', `must be a ${departmentRole(department)} user or a supervisor (a ${department} task)`);
}
