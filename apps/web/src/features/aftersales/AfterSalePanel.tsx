import { CheckCircleFilled, CloseCircleFilled, ExclamationCircleOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Input, Space, Steps, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api, ApiError, type AfterSaleAnswer, type AfterSaleList, type OrderAnswer, type PolicyCheck } from '../../api.ts';
import { DESK_ROLES, LEAD_ROLES, useAuth } from '../../auth.tsx';
import { errorText, isRefusal } from '../../shared/errors.ts';
import { dateTime, yuan } from '../../shared/format.ts';
import { useAsync } from '../../shared/hooks.ts';
import { enumLabel, useI18n } from '../../i18n.ts';
import { lineTitle } from '../orders/OrderLines.tsx';
import { AfterSaleStateTag } from '../orders/OrderTags.tsx';
import { afterSaleActionLabel, policyCheckText } from '../orders/orderText.ts';
import { usePrompt } from '../../shared/PromptModal.tsx';

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

function AfterSaleCard({
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
  const [plan, setPlan] = useState<string | null>(null);
  const [progress, setProgress] = useState('');
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

  const failingList = (checks: PolicyCheck[]) => (
    <ul className="kefu-check-list">
      {checks.map((c) => (
        <li key={c.id} className="is-bad">
          <CloseCircleFilled /> <strong>{t(`check.${c.id}` as 'check.evidence')}</strong>：{policyCheckText(t, c, a.reason)}
        </li>
      ))}
    </ul>
  );

  const override = () =>
    prompt({
      title: t('as.overrideTitle'),
      label: t('as.noteTitle', { action: t('as.override') }),
      required: true,
      requiredMessage: t('as.noteRequired'),
      okText: t('as.override'),
      testId: 'override-dialog',
      extra: <Alert type="warning" showIcon title={t('as.overrideHint')} description={failingList(failed ?? failing)} style={{ marginBottom: 12 }} />,
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

  const chosen = a.lines.map((l) => {
    const line = order.data?.lines.find((x) => x.id === l.lineId);
    return `${line ? lineTitle(t, line) : `#${l.lineId}`} × ${l.quantity}`;
  });
  const replacement = a.replacementOrderId ? order.data?.replacements.find((r) => r.id === a.replacementOrderId) : undefined;
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
      <Descriptions
        size="small"
        column={{ xs: 1, md: 2 }}
        style={{ marginTop: 12 }}
        items={[
          { key: 'reason', label: t('as.reason'), children: enumLabel(t, 'afterSaleReason', a.reason) },
          {
            key: 'order',
            label: t('as.order'),
            children: (
              <Link to={`/orders/${a.orderId}`} className="kefu-mono">
                {a.orderNo}
              </Link>
            ),
          },
          { key: 'lines', label: t('as.lines'), children: chosen.length ? chosen.join(t('common.separator')) : t('as.allItems') },
          {
            key: 'amount',
            label: t('as.amountLabel'),
            children: (
              <span>
                {yuan(Number(a.amountFen))} <span className="kefu-muted kefu-small">/ {yuan(Number(a.orderTotalFen))}</span>
              </span>
            ),
          },
          ...(a.compensationKind
            ? [{ key: 'comp', label: t('as.compensationLabel'), children: enumLabel(t, 'compensation', a.compensationKind) }]
            : []),
          ...(a.goodsIntact !== null
            ? [{ key: 'intact', label: t('as.goodsIntactLabel'), children: a.goodsIntact ? t('check.intactYes') : t('as.intact.no') }]
            : []),
          ...(a.returnTrackingNo
            ? [
                {
                  key: 'rt',
                  label: t('as.returnTracking'),
                  children: (
                    <Typography.Text copyable className="kefu-mono">
                      {a.returnTrackingNo}
                    </Typography.Text>
                  ),
                },
              ]
            : []),
          { key: 'created', label: t('as.createdAt'), children: dateTime(a.createdAt) },
          ...(a.approvedAt
            ? [
                {
                  key: 'approved',
                  label: t('as.approver'),
                  children: (
                    <span data-testid="aftersale-approver">{t('as.approvedBy', { name: a.approvedByName ?? '—', at: dateTime(a.approvedAt) })}</span>
                  ),
                },
              ]
            : []),
          ...(a.replacementOrderId
            ? [
                {
                  key: 'replacement',
                  label: t('as.replacement'),
                  children: (
                    <Link to={`/orders/${a.replacementOrderId}`} className="kefu-mono" data-testid="aftersale-replacement">
                      {replacement?.orderNo ?? `#${a.replacementOrderId}`}
                    </Link>
                  ),
                },
              ]
            : []),
        ]}
      />
      {a.description && a.description.trim() !== ticketDescription?.trim() && (
        <div className="kefu-description kefu-small" style={{ marginTop: 4 }}>
          {a.description}
        </div>
      )}

      <div className="kefu-as-section">
        <div className="kefu-side-title">
          <span>{t('as.checks')}</span>
        </div>
        {a.checks.length === 0 ? (
          <div className="kefu-muted kefu-small">{t('as.noChecks')}</div>
        ) : (
          <ul className="kefu-check-list" data-testid="aftersale-checks">
            {a.checks.map((c) => (
              <li key={c.id} className={c.ok ? 'is-ok' : 'is-bad'} data-check={c.id} data-ok={c.ok}>
                {c.ok ? <CheckCircleFilled /> : <CloseCircleFilled />} <strong>{t(`check.${c.id}` as 'check.evidence')}</strong>：
                {policyCheckText(t, c, a.reason)}
              </li>
            ))}
          </ul>
        )}
      </div>

      {REVIEW_STATES.includes(a.state) && a.reviewDueAt && (
        <div className={`kefu-small ${reviewLate ? 'kefu-danger' : 'kefu-muted'}`}>{t('as.reviewDue', { at: dateTime(a.reviewDueAt) })}</div>
      )}
      {a.progressDueAt && <div className="kefu-small kefu-muted">{t('as.progressDue', { at: dateTime(a.progressDueAt) })}</div>}

      {failed && failed.length > 0 && (
        <Alert
          type="error"
          showIcon
          style={{ marginTop: 12 }}
          data-testid="policy-failed"
          title={t('as.policyFailed')}
          description={
            <>
              {failingList(failed)}
              {!lead && <div>{t('as.askSupervisor')}</div>}
            </>
          }
        />
      )}

      {a.complex && (
        <div className="kefu-as-section">
          <div className="kefu-side-title">
            <span>{t('as.plan')}</span>
            {a.planDueAt && (
              <span className={Date.parse(a.planDueAt) < Date.now() ? 'kefu-danger' : undefined}>
                {t('as.planDue', { at: dateTime(a.planDueAt) })}
              </span>
            )}
          </div>
          {desk && plan !== null ? (
            <Space orientation="vertical" style={{ width: '100%' }}>
              <Input.TextArea
                value={plan}
                onChange={(e) => setPlan(e.target.value)}
                autoSize={{ minRows: 3, maxRows: 10 }}
                maxLength={5000}
                placeholder={t('as.planPlaceholder')}
                data-testid="aftersale-plan"
              />
              <Space>
                <Button
                  size="small"
                  type="primary"
                  loading={busy === 'plan'}
                  disabled={!plan.trim()}
                  onClick={async () => {
                    setBusy('plan');
                    try {
                      await api.post(`/api/aftersales/${a.id}/plan`, { plan: plan.trim(), version: a.version });
                      message.success(t('as.planSaved'));
                      setPlan(null);
                      changed();
                    } catch (err) {
                      if (err instanceof ApiError && err.status === 409) {
                        message.warning(t('ticket.conflict'));
                        changed();
                      } else message.error(errorText(t, err));
                    } finally {
                      setBusy(null);
                    }
                  }}
                >
                  {t('as.savePlan')}
                </Button>
                <Button size="small" onClick={() => setPlan(null)}>
                  {t('common.cancel')}
                </Button>
              </Space>
            </Space>
          ) : (
            <div>
              {a.plan ? (
                <div className="kefu-description kefu-small">{a.plan}</div>
              ) : (
                <span className="kefu-muted kefu-small">{t('common.none')}</span>
              )}
              {desk && (
                <Button size="small" type="link" onClick={() => setPlan(a.plan ?? '')} style={{ paddingInline: 0 }}>
                  {a.plan ? t('as.plan') : t('as.savePlan')}
                </Button>
              )}
            </div>
          )}
        </div>
      )}

      {a.kind === 'repair' && ['received', 'repairing'].includes(a.state) && desk && (
        <div className="kefu-as-section">
          <div className="kefu-side-title">
            <span>{t('as.progress')}</span>
          </div>
          <Space.Compact style={{ width: '100%' }}>
            <Input value={progress} onChange={(e) => setProgress(e.target.value)} placeholder={t('as.progressPlaceholder')} maxLength={2000} />
            <Button
              type="primary"
              loading={busy === 'progress'}
              disabled={!progress.trim()}
              onClick={async () => {
                setBusy('progress');
                try {
                  await api.post(`/api/aftersales/${a.id}/progress`, { note: progress.trim() });
                  message.success(t('as.progressSent'));
                  setProgress('');
                  changed();
                } catch (err) {
                  message.error(errorText(t, err));
                } finally {
                  setBusy(null);
                }
              }}
            >
              {t('as.sendProgress')}
            </Button>
          </Space.Compact>
        </div>
      )}

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
