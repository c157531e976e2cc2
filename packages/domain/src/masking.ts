import type { AfterSaleKind } from './aftersales.ts';
import { departmentsOf, type Department, type TaskState } from './collaboration.ts';
import { DESK_ROLES, type Role } from './roles.ts';

/**
 * Confidentiality of the shopper's data for department roles (DOMAIN §5: "no one looks up or leaks it without
 * need"). The desk serves the shopper and sees everything. A department (warehouse, finance, tech, product) sees
 * only the cases it holds a collaboration task on, with phones and addresses masked — unless one of its running
 * tasks needs them:
 *
 * | department (role)               | task on an after-sale of kind    | needs the receiver's name, phone, address |
 * |---------------------------------|----------------------------------|-------------------------------------------|
 * | warehouse, logistics (warehouse)| reissue, exchange, repair        | yes: it ships goods to the receiver       |
 * | warehouse, logistics (warehouse)| return, refund, none (tracing)   | no: the parcel comes back / the courier's number suffices |
 * | finance (finance)               | any (refund, compensation, …)    | no: money goes back by the payment channel |
 * | tech, product, purchasing       | any                              | no: they work on the product, not the parcel |
 *
 * A done task no longer needs them: the parcel has left.
 */
export const DEPARTMENT_ROLES: readonly Role[] = ['warehouse', 'finance', 'tech', 'product'];

export function isDepartmentRole(role: Role): boolean {
  return !DESK_ROLES.includes(role);
}

/** After-sale kinds whose warehouse task sends goods to the receiver. */
export const SHIPPING_KINDS: readonly AfterSaleKind[] = ['reissue', 'exchange', 'repair'];
/** Departments that ship. */
export const SHIPPING_DEPARTMENTS: readonly Department[] = ['warehouse', 'logistics'];
/** Task states in which a task still needs what it needs. */
export const RUNNING_TASK_STATES: readonly TaskState[] = ['open', 'working'];

export interface TaskNeedFacts {
  department: Department;
  state: TaskState;
  afterSaleKind: AfterSaleKind | null;
}

/** Whether a collaboration task needs the receiver's phone and address (the table above). */
export function taskNeedsReceiver(task: TaskNeedFacts): boolean {
  return (
    RUNNING_TASK_STATES.includes(task.state) &&
    SHIPPING_DEPARTMENTS.includes(task.department) &&
    task.afterSaleKind !== null &&
    SHIPPING_KINDS.includes(task.afterSaleKind)
  );
}

/**
 * Whether `role` sees the shopper's phones and addresses on a case, given the case's collaboration tasks: the desk
 * always; a department when one of its own tasks on the case needs them.
 */
export function seesReceiver(role: Role, tasks: readonly TaskNeedFacts[]): boolean {
  if (!isDepartmentRole(role)) return true;
  const mine = departmentsOf(role);
  return tasks.some((t) => mine.includes(t.department) && taskNeedsReceiver(t));
}

/** The street part of an address as a masked view shows it: the province, city and district stay in their own fields. */
export function maskStreet(street: string | null): string | null {
  return street ? '****' : street;
}

const REGION =
  '(?:[\\u4e00-\\u9fa5]{2,8}?(?:省|自治区|特别行政区))?[\\u4e00-\\u9fa5]{2,8}?(?:市|自治州|地区|盟)(?:[\\u4e00-\\u9fa5]{1,8}?(?:区|县|旗|市))?';
const STREET = '[\\u4e00-\\u9fa5A-Za-z0-9#\\-－]{2,60}';
const ADDRESS_IN_TEXT = new RegExp(`(${REGION})(${STREET})`, 'g');
/** Words that make a run of characters after a region a street address rather than a sentence. */
const STREET_MARK = /\d|[路街道号弄巷村镇苑园座栋幢室楼院]/;

/**
 * Free text with street addresses cut after the region: 浙江省杭州市西湖区文三路100号 → 浙江省杭州市西湖区****.
 * A region followed by words that name no street (杭州市的天气) stays.
 */
export function maskAddressesInText(text: string | null): string | null {
  if (!text) return text;
  return text.replace(ADDRESS_IN_TEXT, (whole, region: string, street: string) => (STREET_MARK.test(street) ? `${region}****` : whole));
}

const REGION_PREFIX = new RegExp(`^${REGION}`);

/** A whole address in one string, masked: the region stays when it can be told, the rest is ****. */
export function maskAddress(address: string | null): string | null {
  if (!address) return address;
  return `${REGION_PREFIX.exec(address.trim())?.[0] ?? ''}****`;
}
