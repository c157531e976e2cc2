import { RiseOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Input, Modal, Radio, Space, Tag } from 'antd';
import { useState } from 'react';
import { slaApi, type Escalation, type EscalationLevel } from '../../api.ts';
import { LEAD_ROLES, useAuth } from '../../auth.tsx';
import { errorText } from '../../shared/errors.ts';
import { enumLabel, useI18n } from '../../i18n.ts';
import { EscalationList, isExternal } from '../sla/Escalations.tsx';

/** Agents escalate to their supervisor; supervisors and the shop owner escalate further, inside the shop or out of it. */
const AGENT_LEVELS: EscalationLevel[] = ['supervisor'];
const LEAD_LEVELS: EscalationLevel[] = ['manager', 'platform', 'regulator', 'media'];

/** 升级: the escalations of a ticket, newest first, and the button that escalates it with a reason. */
export function EscalationPanel({
  ticketId,
  escalations,
  canEscalate,
  onEscalated,
}: {
  ticketId: number;
  escalations: readonly Escalation[];
  canEscalate: boolean;
  onEscalated(): void;
}) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  return (
    <Card
      title={t('escalation.title')}
      size="small"
      data-testid="escalation-panel"
      extra={
        canEscalate && (
          <Button size="small" icon={<RiseOutlined />} onClick={() => setOpen(true)} data-testid="escalate">
            {t('escalation.action')}
          </Button>
        )
      }
    >
      <EscalationList escalations={escalations} />
      <EscalateModal
        ticketId={ticketId}
        open={open}
        onClose={() => setOpen(false)}
        onDone={() => {
          setOpen(false);
          onEscalated();
        }}
      />
    </Card>
  );
}

function EscalateModal({ ticketId, open, onClose, onDone }: { ticketId: number; open: boolean; onClose(): void; onDone(): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { user } = useAuth();
  const levels = LEAD_ROLES.includes(user.role) ? LEAD_LEVELS : AGENT_LEVELS;
  const [form] = Form.useForm<{ level: EscalationLevel; reason: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const level = Form.useWatch('level', form);

  async function submit() {
    let values: { level: EscalationLevel; reason: string };
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await slaApi.escalate(ticketId, { level: values.level, reason: values.reason.trim() });
      message.success(t('escalation.done', { level: enumLabel(t, 'escLevel', values.level) }));
      onDone();
    } catch (err) {
      setError(errorText(t, err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open={open}
      title={t('escalation.modal')}
      okText={t('escalation.action')}
      cancelText={t('common.cancel')}
      onOk={() => void submit()}
      onCancel={onClose}
      confirmLoading={busy}
      okButtonProps={{ 'data-testid': 'escalate-ok' }}
      destroyOnHidden
      width={520}
    >
      <div data-testid="escalate-dialog">
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
        <Form form={form} layout="vertical" preserve={false} initialValues={{ level: levels[0], reason: '' }}>
          <Form.Item name="level" label={t('escalation.level')} extra={levels === AGENT_LEVELS ? t('escalation.agentHint') : undefined}>
            <Radio.Group>
              <Space orientation="vertical" size={4}>
                {levels.map((l) => (
                  <Radio key={l} value={l}>
                    {enumLabel(t, 'escLevel', l)}
                    {isExternal(l) && (
                      <Tag color="red" variant="outlined" style={{ marginInlineStart: 8 }}>
                        {t('escalation.external')}
                      </Tag>
                    )}
                  </Radio>
                ))}
              </Space>
            </Radio.Group>
          </Form.Item>
          {level && isExternal(level) && <Alert type="warning" showIcon title={t('escalation.externalHint')} style={{ marginBottom: 12 }} />}
          <Form.Item
            name="reason"
            label={t('escalation.reason')}
            rules={[{ required: true, whitespace: true, min: 2, message: t('escalation.reasonRequired') }]}
          >
            <Input.TextArea
              autoSize={{ minRows: 3, maxRows: 8 }}
              maxLength={500}
              showCount
              placeholder={t('escalation.reasonPlaceholder')}
              data-testid="escalate-reason"
            />
          </Form.Item>
        </Form>
      </div>
    </Modal>
  );
}
