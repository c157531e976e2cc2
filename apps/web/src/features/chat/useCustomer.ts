import { api, type Customer, type CustomerAnswer } from '../../api.ts';
import { useAsync, type Async } from '../../shared/hooks.ts';

const cache = new Map<number, { at: number; value: Promise<Customer> }>();

/** The customer's file, shared by the side panel and the composer's {orderNo}; kept for a minute. */
export function useCustomer(id: number | null): Async<Customer | null> {
  return useAsync(() => {
    if (!id) return Promise.resolve(null);
    const hit = cache.get(id);
    if (hit && Date.now() - hit.at < 60_000) return hit.value;
    const value = api.get<CustomerAnswer>(`/api/customers/${id}`).then((r) => r.customer);
    cache.set(id, { at: Date.now(), value });
    value.catch(() => cache.delete(id));
    return value;
  }, [id]);
}

export function latestOrderNo(c: Customer | null | undefined): string | null {
  if (!c?.orders.length) return null;
  return [...c.orders].sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt))[0]!.orderNo;
}
