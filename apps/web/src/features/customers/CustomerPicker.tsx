import { Select } from 'antd';
import { useEffect, useState } from 'react';
import { api, type CustomerList } from '../../api.ts';
import { useI18n } from '../../i18n.ts';

/** Searches customers by name or phone as the agent types; `exclude` leaves one customer out (the one being merged into). */
export function CustomerPicker({ value, onChange, exclude }: { value?: number | null; onChange?: (id: number | null) => void; exclude?: number }) {
  const { t } = useI18n();
  const [search, setSearch] = useState('');
  const [options, setOptions] = useState<{ value: number; label: string }[]>([]);
  const [loading, setLoading] = useState(false);
  const [chosen, setChosen] = useState<{ value: number; label: string } | null>(null);

  useEffect(() => {
    let alive = true;
    setLoading(true);
    const timer = setTimeout(() => {
      api
        .get<CustomerList>('/api/customers', { q: search || undefined, pageSize: 20 })
        .then((r) => {
          if (alive)
            setOptions(r.customers.filter((c) => c.id !== exclude).map((c) => ({ value: c.id, label: c.phone ? `${c.name} · ${c.phone}` : c.name })));
        })
        .catch(() => {
          if (alive) setOptions([]);
        })
        .finally(() => {
          if (alive) setLoading(false);
        });
    }, 250);
    return () => {
      alive = false;
      clearTimeout(timer);
    };
  }, [search, exclude]);

  return (
    <Select<number>
      showSearch={{ filterOption: false, onSearch: setSearch }}
      allowClear
      loading={loading}
      value={value ?? undefined}
      onChange={(v) => {
        setChosen(options.find((o) => o.value === v) ?? null);
        onChange?.(v ?? null);
      }}
      options={chosen && !options.some((o) => o.value === chosen.value) ? [chosen, ...options] : options}
      placeholder={t('ticket.create.customerPlaceholder')}
      style={{ width: '100%' }}
    />
  );
}
