import type { IdentityKind, OrderPlatform, OrderStatus, Segment, TicketPriority, TicketStatus, TicketType } from '@kefu/domain';
import type { Customer, CustomerList, CustomerNote, Duplicate, MergeSide } from '@kefu/protocol/api/customers';
import type { z } from 'zod';
import type { previewMerge } from './merge.ts';
import type { addCustomerNote, findDuplicates, findNamesakes, getCustomer, listCustomers } from './service.ts';

type CustomerRow = Awaited<ReturnType<typeof getCustomer>>;

export function presentCustomerList(list: Awaited<ReturnType<typeof listCustomers>>): z.output<typeof CustomerList> {
  return {
    customers: list.customers.map((c) => ({
      id: c.id,
      name: c.name,
      segment: c.segment as Segment,
      tags: c.tags,
      assignedAgentId: c.assigned_agent_id,
      assignedAgentName: c.assigned_agent_name,
      updatedAt: c.updated_at,
      phone: c.phone,
    })),
    total: list.total,
  };
}

export function presentDuplicate(
  row: Awaited<ReturnType<typeof findDuplicates>>[number] | Awaited<ReturnType<typeof findNamesakes>>[number],
): z.output<typeof Duplicate> {
  return { id: row.id, name: row.name, kind: row.kind as IdentityKind | 'name', value: row.value, phone: row.phone };
}

export function presentNote(row: Awaited<ReturnType<typeof addCustomerNote>>): z.output<typeof CustomerNote> {
  return { id: row.id, body: row.body, createdAt: row.created_at };
}

export function presentCustomer(c: CustomerRow): z.output<typeof Customer> {
  return {
    id: c.id,
    name: c.name,
    gender: c.gender as 'female' | 'male' | null,
    birthday: c.birthday,
    birthdayLunar: c.birthday_lunar,
    segment: c.segment as Segment,
    tags: c.tags,
    assignedAgentId: c.assigned_agent_id,
    assignedAgentName: c.assigned_agent_name,
    mergedIntoId: c.merged_into_id,
    version: c.version,
    createdAt: c.created_at,
    updatedAt: c.updated_at,
    identities: c.identities.map((i) => ({ id: i.id, kind: i.kind as IdentityKind, value: i.value })),
    addresses: c.addresses.map((a) => ({
      id: a.id,
      customerId: a.customer_id,
      recipient: a.recipient,
      phone: a.phone,
      province: a.province,
      city: a.city,
      district: a.district,
      detail: a.detail,
      isDefault: a.is_default,
    })),
    notes: c.notes.map((n) => ({ ...presentNote(n), author: n.author })),
    tickets: c.tickets.map((t) => ({
      id: t.id,
      number: t.number,
      type: t.type as TicketType,
      status: t.status as TicketStatus,
      priority: t.priority as TicketPriority,
      subject: t.subject,
      createdAt: t.created_at,
      updatedAt: t.updated_at,
    })),
    orders: c.orders.map((o) => ({
      id: o.id,
      platform: o.platform as OrderPlatform,
      orderNo: o.order_no,
      status: o.status as OrderStatus,
      totalFen: o.total_fen,
      trackingNo: o.tracking_no,
      createdAt: o.created_at,
      shippedAt: o.shipped_at,
    })),
  };
}

export function presentMergeSide(s: Awaited<ReturnType<typeof previewMerge>>['target']): z.output<typeof MergeSide> {
  return {
    id: s.id,
    name: s.name,
    segment: s.segment as Segment,
    tags: s.tags,
    assignedAgentName: s.assigned_agent_name,
    identities: s.identities.map((i) => ({ id: i.id, kind: i.kind as IdentityKind, value: i.value })),
    version: s.version,
  };
}
