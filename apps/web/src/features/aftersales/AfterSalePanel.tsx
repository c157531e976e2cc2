import { api, type AfterSaleList } from '../../api.ts';
import { useAsync } from '../../shared/hooks.ts';
import { AfterSaleCard } from './AfterSaleCard.tsx';

/** The after-sale requests on a ticket, each as a card; nothing when there are none. */
export function AfterSalePanel({
  ticketId,
  ticketDescription,
  reloadKey,
  onChanged,
}: {
  ticketId: number;
  ticketDescription?: string | null;
  reloadKey?: unknown;
  onChanged(): void;
}) {
  const list = useAsync(() => api.get<AfterSaleList>('/api/aftersales', { ticketId }).then((r) => r.afterSales), [ticketId, reloadKey]);
  const rows = list.data ?? [];
  if (rows.length === 0) return null;
  return (
    <>
      {[...rows].reverse().map((r) => (
        <AfterSaleCard
          key={r.id}
          id={r.id}
          ticketDescription={ticketDescription}
          reloadKey={reloadKey}
          onChanged={() => {
            list.reload();
            onChanged();
          }}
        />
      ))}
    </>
  );
}
