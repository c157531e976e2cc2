import { App, Card, Checkbox, Flex, Typography } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../i18n.ts';
import { errorText } from '../../shared/errors.ts';
import { useAsync } from '../../shared/hooks.ts';
import { outreachApi, type OptOutScope } from './outreachApi.ts';

const SCOPES: OptOutScope[] = ['marketing', 'chat', 'email', 'sms'];

/** The customer's contact preferences on their file: what kefu must not send them (saved at each change). */
export function OptOutSwitch({ customerId }: { customerId: number }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const current = useAsync(() => outreachApi.ofCustomer(customerId), [customerId]);
  const [saving, setSaving] = useState(false);
  const [chosen, setChosen] = useState<OptOutScope[] | null>(null);
  const value = chosen ?? current.data?.optOuts ?? [];

  async function change(next: OptOutScope[]) {
    setChosen(next);
    setSaving(true);
    try {
      const answer = await outreachApi.setOptOuts(customerId, next);
      setChosen(answer.optOuts);
      void message.success(answer.cancelled ? t('outreach.optOut.cancelled', { n: answer.cancelled }) : t('outreach.optOut.saved'));
    } catch (err) {
      setChosen(null);
      void message.error(errorText(t, err));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Card size="small" title={t('outreach.optOut.title')} data-testid="opt-out-switch">
      <Checkbox.Group value={value} disabled={saving || !current.data} onChange={(v) => void change(v as OptOutScope[])}>
        <Flex vertical gap={4}>
          {SCOPES.map((s) => (
            <Checkbox key={s} value={s}>
              <Typography.Text>{t(`outreach.optOut.${s}`)}</Typography.Text>
            </Checkbox>
          ))}
        </Flex>
      </Checkbox.Group>
    </Card>
  );
}
