import { ExclamationCircleOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Space, Steps, Tag, Tooltip } from 'antd';
import { useState } from 'react';
import { api, ApiError, type AfterSaleAnswer, type OrderAnswer, type PolicyCheck } from '../../api.ts';
import { DESK_ROLES, LEAD_ROLES, useAuth } from '../../auth.tsx';
import { errorText, isRefusal } from '../../shared/errors.ts';
import { dateTime, yuan } from '../../shared/format.ts';
import { useAsync } from '../../shared/hooks.ts';
import { enumLabel, useI18n } from '../../i18n.ts';
import { AfterSaleStateTag } from '../orders/OrderTags.tsx';
import { afterSaleActionLabel } from '../orders/orderText.ts';
import { usePrompt } from '../../shared/PromptModal.tsx';
import { AfterSaleChecks, AfterSaleFacts, FailingChecks } from './AfterSaleDetails.tsx';
import { AfterSalePlan, RepairProgress } from './AfterSaleNotes.tsx';
import { SlaClockTags } from '../sla/SlaClocks.tsx';

/** The happy path of each kind, for the progress bar. */
const PATHS: Record<string, string[]> = {
  return: ['requested', 'approved', 'in_transit', 'received', 'refunded', 'closed'],
  exchange: ['requested', 'approved', 'in_transit', 'received', 'reshipped', 'closed'],
  repair: ['requested', 'approved', 'in_transit', 'received', 'repairing', 'reshipped', 'closed'],
  refund: ['requested', 'approved', 'refunded', 'closed'],
  reissue: ['requested', 'approved', 'reshipped', 'closed'],
  compensation: ['requested', 'approved', 'granted', 'closed'],
};
const REVIEW_STATES = ['requested', 'pending_approval'];

/** One after-sale request: its progress, facts, checks, plan and the moves its state allows. */
export function AfterSaleCard({
  id,
  ticketDescription,
  reloadKey,
  onChanged,
}: {
  id: number;
  ticketDescription?: string | null;
  reloadKey?: unknown;
  onChanged(): void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { user } = useAuth();
  const [prompt, promptElement] = usePrompt();
  const [failed, setFailed] = useState<PolicyCheck[] | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const detail = useAsync(() => api.get<AfterSaleAnswer>(`/api/aftersales/${id}`).then((r) => r.afterSale), [id, reloadKey]);
  const a = detail.data;
  const order = useAsync(
    () => (a ? api.get<OrderAnswer>(`/api/orders/${a.orderId}`).then((r) => r.order) : Promise.resolve(null)),
    [a?.orderId, a?.replacementOrderId],
  );
  if (!a) return <Card size="small" loading title={t('as.card')} />;

  const lead = LEAD_ROLES.includes(user.role);
  const desk = DESK_ROLES.includes(user.role);
  const supervisorOnly = a.needsSupervisor && !lead;
  const failing = a.checks.filter((c) => !c.ok);
  const stateLabel = (s: string) => enumLabel(t, 'afterSaleState', s);

  function changed() {
    detail.reload();
    onChanged();
  }

  async function move(to: string, extra: Record<string, unknown> = {}, fromPrompt = false) {
    setBusy(to);
    try {
      await api.post(`/api/aftersales/${a!.id}/transition`, { version: a!.version, to, ...extra });
      setFailed(null);
      message.success(t('as.moved', { state: stateLabel(to) }));
      changed();
    } catch (err) {
      if (isRefusal(err, 'policy_failed')) {
        const checks = (err.body.checks as PolicyCheck[] | undefined) ?? [];
        setFailed(checks.filter((c) => !c.ok));
        detail.reload();
        if (fromPrompt) throw err;
        return;
      }
      if (err instanceof ApiError && err.status === 409) {
        message.warning(t('ticket.conflict'));
        changed();
        return;
      }
      if (fromPrompt) throw err;
      message.error(errorText(t, err));
    } finally {
      setBusy(null);
    }
  }

  const override = () =>
    prompt({
      title: t('as.overrideTitle'),
      label: t('as.noteTitle', { action: t('as.override') }),
      required: true,
      requiredMessage: t('as.noteRequired'),
      okText: t('as.override'),
      testId: 'override-dialog',
      extra: (
        <Alert
          type="warning"
          showIcon
          title={t('as.overrideHint')}
          description={<FailingChecks checks={failed ?? failing} reason={a.reason} />}
          style={{ marginBottom: 12 }}
        />
      ),
      submit: (note) => move('approved', { override: true, note }, true),
    });

  function click(to: string) {
    const label = afterSaleActionLabel(t, a!.kind, a!.state, to);
    if (to === 'approved' || to === 'pending_approval') return void move(to);
    if (to === 'rejected') {
      return prompt({
        title: label,
        label: t('as.noteTitle', { action: label }),
        required: true,
        requiredMessage: t('as.noteRequired'),
        danger: true,
        placeholder: t('as.notePlaceholder'),
        okText: label,
        submit: (note) => move(to, { note }, true),
      });
    }
    if (to === 'in_transit') {
      return prompt({
        title: label,
        label: t('as.returnTracking'),
        placeholder: t('as.returnTrackingPlaceholder'),
        okText: label,
        maxLength: 64,
        submit: (no) => move(to, no.length >= 4 ? { returnTrackingNo: no } : {}, true),
      });
    }
    prompt({
      title: label,
      label: t('as.noteOptional'),
      placeholder: t('as.notePlaceholder'),
      okText: label,
      danger: to === 'cancelled',
      submit: (note) => move(to, note ? { note } : {}, true),
    });
  }

  // Progress: the kind's path, with supervisor approval when needed; a refused request ends in red.
  let path = [...(PATHS[a.kind] ?? ['requested', 'approved', 'closed'])];
  if (a.needsSupervisor || a.state === 'pending_approval') path.splice(1, 0, 'pending_approval');
  const refused = a.state === 'rejected' || a.state === 'cancelled' || (a.state === 'closed' && !a.approvedAt);
  if (refused) path = [...path.slice(0, path.indexOf('approved')), a.state === 'cancelled' ? 'cancelled' : 'rejected', 'closed'];
  const current = Math.max(0, path.indexOf(a.state));

  // The request's promises as countdowns; the due-time lines are for requests made before clocks existed.
  const openClocks = a.clocks.some((c) => c.state === 'running' || c.state === 'paused');
  const reviewLate = a.reviewDueAt && REVIEW_STATES.includes(a.state) && Date.parse(a.reviewDueAt) < Date.now();
  const canOverride = lead && a.nextStates.includes('approved') && (failing.length > 0 || (failed?.length ?? 0) > 0);
  // A supervisor facing a failing check approves by exception only; the plain 批准 would just be refused.
  const actions = a.nextStates.filter(
    (s) => !(s === 'approved' && (supervisorOnly || canOverride)) && !(s === 'pending_approval' && !a.needsSupervisor),
  );

  return (
    <Card
      size="small"
      data-testid="aftersale-card"
      data-state={a.state}
      title={
        <Space size={8} wrap>
          <SafetyCertificateOutlined style={{ color: '#0f7b8a' }} />
          <span>
            {t('as.card')} · {enumLabel(t, 'afterSaleKind', a.kind)}
          </span>
          <span data-testid="aftersale-state">
            <AfterSaleStateTag state={a.state} />
          </span>
          {a.needsSupervisor && REVIEW_STATES.includes(a.state) && (
            <Tag color="orange" data-testid="aftersale-needs-supervisor">
              {t('as.needsSupervisor')}
            </Tag>
          )}
          {a.complex && <Tag color="purple">{t('as.complexTag')}</Tag>}
          {a.overdue.map((o) => (
            <Tag key={o} color="red">
              {t(`as.overdue.${o}` as 'as.overdue.review')}
            </Tag>
          ))}
        </Space>
      }
      extra={<strong className="kefu-as-amount">{yuan(Number(a.amountFen))}</strong>}
    >
      <Steps
        size="small"
        current={current}
        status={refused ? 'error' : a.state === 'closed' ? 'finish' : 'process'}
        titlePlacement="vertical"
        className="kefu-as-steps"
        items={path.map((s) => ({ key: s, title: stateLabel(s) }))}
      />
      <AfterSaleFacts a={a} order={order.data} />
      {a.description && a.description.trim() !== ticketDescription?.trim() && (
        <div className="kefu-description kefu-small" style={{ marginTop: 4 }}>
          {a.description}
        </div>
      )}
      <AfterSaleChecks a={a} />

      {openClocks ? (
        <div style={{ marginTop: 4 }}>
          <SlaClockTags clocks={a.clocks} />
        </div>
      ) : (
        <>
          {REVIEW_STATES.includes(a.state) && a.reviewDueAt && (
            <div className={`kefu-small ${reviewLate ? 'kefu-danger' : 'kefu-muted'}`}>{t('as.reviewDue', { at: dateTime(a.reviewDueAt) })}</div>
          )}
          {a.progressDueAt && <div className="kefu-small kefu-muted">{t('as.progressDue', { at: dateTime(a.progressDueAt) })}</div>}
        </>
      )}

      {failed && failed.length > 0 && (
        <Alert
          type="error"
          showIcon
          style={{ marginTop: 12 }}
          data-testid="policy-failed"
          title={t('as.policyFailed')}
          description={
            <>
              <FailingChecks checks={failed} reason={a.reason} />
              {!lead && <div>{t('as.askSupervisor')}</div>}
            </>
          }
        />
      )}

      {a.complex && <AfterSalePlan a={a} desk={desk} onChanged={changed} />}

      {a.kind === 'repair' && ['received', 'repairing'].includes(a.state) && desk && <RepairProgress a={a} onChanged={changed} />}

      {(actions.length > 0 || canOverride || (supervisorOnly && a.nextStates.includes('approved'))) && (
        <div className="kefu-as-actions">
          {supervisorOnly && a.state === 'requested' && (
            <span className="kefu-small kefu-warn">
              <ExclamationCircleOutlined /> {t('as.waitingSupervisor')}
            </span>
          )}
          <span style={{ flex: 1 }} />
          {actions.map((to) => (
            <Button
              key={to}
              size="middle"
              data-testid={`as-${to}`}
              loading={busy === to}
              type={to === 'approved' || (to === 'pending_approval' && supervisorOnly) ? 'primary' : 'default'}
              danger={to === 'rejected' || to === 'cancelled'}
              onClick={() => click(to)}
            >
              {afterSaleActionLabel(t, a.kind, a.state, to)}
            </Button>
          ))}
          {canOverride && (
            <Tooltip title={t('as.overrideHint')}>
              <Button onClick={override} data-testid="as-override" style={{ borderColor: '#d48806', color: '#d48806' }}>
                {t('as.override')}
              </Button>
            </Tooltip>
          )}
        </div>
      )}
      {promptElement}
    </Card>
  );
}
