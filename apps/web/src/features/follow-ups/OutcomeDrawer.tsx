import { MAX_ATTEMPTS, OUTCOME_NOTE_MAX } from '@kefu/domain';
import { Alert, App, Button, Descriptions, Drawer, Form, Input, Radio, Space, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { ApiError } from '../../api.ts';
import { enumLabel, useI18n, type MessageKey } from '../../i18n.ts';
import { yuan } from '../../shared/format.ts';
import { useAsync } from '../../shared/hooks.ts';
import { PageState } from '../../shared/PageState.tsx';
import { followUpsApi, type Outcome } from './followUpsApi.ts';
import { chinaShort, DueAt, OutcomeTag, ReasonTag } from './FollowUpTags.tsx';

interface Values {
  outcome: Outcome;
  note: string;
  ticketSubject?: string;
}

/** The follow-up beside its script and case; the agent records what came of the call. */
export function OutcomeDrawer({ id, onClose, onSaved }: { id: number; onClose: () => void; onSaved: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const detail = useAsync(() => followUpsApi.get(id), [id]);
  const [form] = Form.useForm<Values>();
  const outcome = Form.useWatch('outcome', form);
  const [saving, setSaving] = useState(false);

  async function save(values: Values) {
    if (!detail.data) return;
    setSaving(true);
    try {
      const res = await followUpsApi.outcome(id, {
        version: detail.data.followUp.version,
        outcome: values.outcome,
        note: values.note ?? '',
        ticketSubject: values.ticketSubject || undefined,
      });
      message.success(res.ticketId ? t('followUps.drawer.ticketOpened', { id: res.ticketId }) : t('followUps.drawer.saved'));
      onSaved();
    } catch (err) {
      message.error(err instanceof ApiError ? err.message : String(err));
      detail.reload();
    } finally {
      setSaving(false);
    }
  }

  const d = detail.data;
  const f = d?.followUp;
  const ctx = d?.context;
  return (
    <Drawer
      open
      width={560}
      onClose={onClose}
      title={f ? t('followUps.drawer.title', { name: f.customerName ?? `#${f.customerId}` }) : ''}
      destroyOnHidden
      data-testid="follow-up-drawer"
    >
      {!d || !f || !ctx ? (
        <PageState loading={detail.loading} error={detail.error} onRetry={detail.reload} />
      ) : (
        <Space direction="vertical" size={16} style={{ width: '100%' }}>
          <Space wrap>
            <ReasonTag reason={f.reason} />
            <DueAt f={f} />
            {f.attempts > 0 && <Typography.Text type="secondary">{t('followUps.attempts', { n: f.attempts })}</Typography.Text>}
            <OutcomeTag f={f} />
          </Space>
          {f.note && <Typography.Text type="secondary">{f.note}</Typography.Text>}
          <div>
            <Typography.Title level={5}>{t('followUps.drawer.script')}</Typography.Title>
            <div
              className="kefu-follow-up-script"
              style={{ background: '#f0f7f8', borderLeft: '3px solid #0d5f6b', padding: '10px 12px', borderRadius: 4, lineHeight: 1.7 }}
              data-testid="follow-up-script"
            >
              {d.script}
            </div>
          </div>
          <div>
            <Typography.Title level={5}>{t('followUps.drawer.context')}</Typography.Title>
            <Descriptions size="small" column={1} bordered>
              <Descriptions.Item label={t('followUps.col.customer')}>
                <Link to={`/customers/${ctx.customer.id}`}>{ctx.customer.name ?? `#${ctx.customer.id}`}</Link>
              </Descriptions.Item>
              <Descriptions.Item label={t('followUps.drawer.phone')}>{ctx.customer.phone ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('followUps.drawer.segment')}>{enumLabel(t, 'segment', ctx.customer.segment)}</Descriptions.Item>
              {ctx.order && (
                <Descriptions.Item label={t('followUps.drawer.order')}>
                  <Link to={`/orders/${ctx.order.id}`}>{ctx.order.orderNo}</Link> · {yuan(ctx.order.totalFen)}
                  {ctx.order.lines.map((l, i) => (
                    <div key={i} className="kefu-small kefu-muted">
                      {l.title} × {l.quantity}
                    </div>
                  ))}
                </Descriptions.Item>
              )}
              {ctx.ticket && (
                <Descriptions.Item label={t('followUps.drawer.ticket')}>
                  <Link to={`/tickets/${ctx.ticket.id}`}>
                    {ctx.ticket.number} {ctx.ticket.subject}
                  </Link>
                </Descriptions.Item>
              )}
              {ctx.survey && (
                <Descriptions.Item label={t('followUps.drawer.survey')}>
                  {ctx.survey.score !== null && t('followUps.drawer.score', { n: ctx.survey.score })}
                  {ctx.survey.comment && <div className="kefu-small">“{ctx.survey.comment}”</div>}
                </Descriptions.Item>
              )}
            </Descriptions>
          </div>
          {f.state !== 'open' ? (
            <Alert
              type="info"
              showIcon
              message={t('followUps.drawer.done', { at: f.doneAt ? chinaShort(f.doneAt) : '' })}
              description={
                <>
                  {f.outcomeNote}
                  {f.ticketId && (
                    <div>
                      <Link to={`/tickets/${f.ticketId}`}>{t('followUps.drawer.openTicket')}</Link>
                    </div>
                  )}
                </>
              }
            />
          ) : (
            <Form form={form} layout="vertical" onFinish={save} initialValues={{ outcome: 'fine', note: '' }} requiredMark={false}>
              <Form.Item name="outcome" label={t('followUps.drawer.outcome')}>
                <Radio.Group optionType="button" buttonStyle="solid" data-testid="follow-up-outcome">
                  {(['fine', 'problem', 'unreachable'] as const).map((o) => (
                    <Radio.Button key={o} value={o}>
                      {t(`followUps.outcome.${o}` as MessageKey)}
                    </Radio.Button>
                  ))}
                </Radio.Group>
              </Form.Item>
              <Form.Item name="note" label={t('followUps.drawer.note')} rules={[{ required: outcome === 'problem', whitespace: true }]}>
                <Input.TextArea
                  rows={2}
                  maxLength={OUTCOME_NOTE_MAX}
                  showCount
                  placeholder={t('followUps.drawer.notePlaceholder')}
                  data-testid="follow-up-note"
                />
              </Form.Item>
              {outcome === 'problem' && (
                <Form.Item name="ticketSubject" label={t('followUps.drawer.ticketSubject')} extra={t('followUps.drawer.ticketHint')}>
                  <Input maxLength={200} />
                </Form.Item>
              )}
              {outcome === 'unreachable' && (
                <Alert
                  type="warning"
                  showIcon
                  style={{ marginBottom: 16 }}
                  message={t('followUps.drawer.retryHint', { max: MAX_ATTEMPTS, n: f.attempts })}
                />
              )}
              <Button type="primary" htmlType="submit" loading={saving} data-testid="follow-up-save">
                {t('followUps.drawer.save')}
              </Button>
            </Form>
          )}
        </Space>
      )}
    </Drawer>
  );
}
