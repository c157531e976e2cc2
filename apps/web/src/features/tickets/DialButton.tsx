import { PhoneOutlined } from '@ant-design/icons';
import type { DialAnswer, DialingStatus, DialInput } from '@kefu/protocol/api/calls';
import type { Wire } from '@kefu/protocol/api/common';
import type { z } from 'zod';
import { App, Button, Tooltip } from 'antd';
import { useState } from 'react';
import { api } from '../../api.ts';
import { useI18n } from '../../i18n.ts';
import { errorText, isRefusal } from '../../shared/errors.ts';
import { useAsync } from '../../shared/hooks.ts';

/** Asked once per page load: whether the shop's telephony system takes calls from kefu, and this agent's extension. */
let dialing: Promise<Wire<typeof DialingStatus>> | null = null;
const loadDialing = () =>
  (dialing ??= api.get<Wire<typeof DialingStatus>>('/api/channels/phone/dialing').catch(() => ({ available: false, extension: null })));

/**
 * 拨打: click-to-call. The telephony system rings the agent's extension, then the customer's number, so the agent
 * never reads the number off the screen; the call reaches the customer's history and the ticket when it ends.
 * Hidden when the shop has no click-to-call; disabled, saying why, for an agent without an extension.
 */
export function DialButton({ customerId, phone, ticketId }: { customerId: number; phone?: string; ticketId?: number }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const status = useAsync(loadDialing, []);
  const [calling, setCalling] = useState(false);
  if (!status.data?.available) return null;
  const extension = status.data.extension;

  async function dial() {
    setCalling(true);
    try {
      const body: z.input<typeof DialInput> = { ...(phone && { phone }), ...(ticketId && { ticketId }) };
      const { call } = await api.post<Wire<typeof DialAnswer>>(`/api/customers/${customerId}/calls`, body);
      void message.success(t('call.dialing', { to: call.to, extension: call.extension }), 6);
    } catch (err) {
      if (isRefusal(err, 'no_extension')) void message.error(t('call.noExtension'));
      else if (isRefusal(err, 'cti_unavailable')) void message.error(t('call.ctiFailed', { reason: String(err.body.reason ?? '') }), 8);
      else void message.error(errorText(t, err));
    } finally {
      setCalling(false);
    }
  }

  return (
    <Tooltip title={extension ? t('call.dialHint', { extension }) : t('call.noExtension')}>
      <Button size="small" icon={<PhoneOutlined />} loading={calling} disabled={!extension} onClick={() => void dial()} data-testid="dial">
        {t('call.dial')}
      </Button>
    </Tooltip>
  );
}
