import { CheckCircleOutlined, EditOutlined, ExclamationCircleOutlined } from '@ant-design/icons';
import { COMPLAINT_STAGES, ROOT_CAUSES } from '@kefu/domain';
import { App, Button, Card, Descriptions, Flex, Select, Space, Steps, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api, ApiError, slaApi, type ComplaintStep, type ProductList, type Ticket } from '../../api.ts';
import { usePrompt } from '../../shared/PromptModal.tsx';
import { errorText } from '../../shared/errors.ts';
import { dateTime } from '../../shared/format.ts';
import { enumLabel, useI18n } from '../../i18n.ts';

type Complaint = NonNullable<Ticket['complaint']>;
type WithoutVersion<S> = S extends unknown ? Omit<S, 'version'> : never;
/** A step as the buttons make it; the ticket's version is added when it is sent. */
type StepBody = WithoutVersion<ComplaintStep>;
const STEPS = COMPLAINT_STAGES.filter((s) => s !== 'closed');

/**
 * 投诉处理 (DOMAIN.md §4): 受理 → 首次反馈 → 方案 → 顾客确认 → 结案, with what the current step asks for: the solution,
 * the shopper's confirmation (or why it is closed without), the root cause and product, and solving / closing.
 */
export function ComplaintLoop({
  ticket,
  complaint,
  canAct,
  onStatus,
  onChanged,
}: {
  ticket: Ticket;
  complaint: Complaint;
  canAct: boolean;
  onStatus(status: 'solved' | 'closed'): void;
  onChanged(): void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [prompt, promptElement] = usePrompt();
  const [busy, setBusy] = useState(false);
  const stage = complaint.stage;
  const closed = stage === 'closed';
  const active = canAct && !closed;

  /** Sends a step; `fromPrompt` lets the dialog show the refusal and stay open. */
  async function send(step: StepBody, done: string, fromPrompt = false) {
    setBusy(true);
    try {
      await slaApi.complaintStep(ticket.id, { ...step, version: ticket.version } as ComplaintStep);
      message.success(done);
      onChanged();
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) {
        message.warning(t('ticket.conflict'));
        onChanged();
        return;
      }
      if (fromPrompt) throw err;
      message.error(errorText(t, err));
    } finally {
      setBusy(false);
    }
  }

  const recordSolution = () =>
    prompt({
      title: complaint.solution ? t('complaint.editSolution') : t('complaint.recordSolution'),
      label: t('complaint.solution'),
      placeholder: t('complaint.solutionPlaceholder'),
      required: true,
      requiredMessage: t('complaint.solutionRequired'),
      maxLength: 5000,
      initial: complaint.solution ?? '',
      testId: 'complaint-solution-dialog',
      submit: (text) => send({ step: 'solution', text }, t('complaint.solutionSaved'), true),
    });

  const closeUnconfirmed = () =>
    prompt({
      title: t('complaint.unconfirmedTitle'),
      label: t('complaint.unconfirmedReason'),
      placeholder: t('complaint.unconfirmedPlaceholder'),
      required: true,
      requiredMessage: t('complaint.unconfirmedRequired'),
      testId: 'complaint-unconfirmed-dialog',
      submit: (reason) => send({ step: 'unconfirmed', reason }, t('complaint.unconfirmedSaved'), true),
    });

  const current = closed ? STEPS.length : STEPS.indexOf(stage);
  const editingCause = active && ['solution', 'confirmation', 'close'].includes(stage);
  // Solving and closing are offered once a solution is recorded; the server says what is still missing.
  const settling = stage === 'confirmation' || stage === 'close';
  const canSolve = settling && ticket.allowedStatuses.includes('solved') && ticket.status !== 'solved';
  const canClose = settling && ticket.allowedStatuses.includes('closed');

  return (
    <Card title={t('complaint.title')} size="small" data-testid="complaint-loop" data-stage={stage}>
      <Steps
        size="small"
        current={current}
        status={closed ? 'finish' : 'process'}
        titlePlacement="vertical"
        items={STEPS.map((s) => ({ key: s, title: t(`complaint.step.${s}`) }))}
        style={{ marginBottom: 12 }}
      />
      <Typography.Paragraph type="secondary" className="kefu-small" style={{ marginBottom: 8 }} data-testid="complaint-hint">
        {t(`complaint.hint.${stage}`)}
      </Typography.Paragraph>
      <Descriptions
        size="small"
        column={1}
        items={[
          ...(complaint.solution
            ? [
                {
                  key: 'solution',
                  label: t('complaint.solution'),
                  children: (
                    <div>
                      <div style={{ whiteSpace: 'pre-wrap' }} data-testid="complaint-solution">
                        {complaint.solution}
                      </div>
                      {complaint.solutionAt && <div className="kefu-small kefu-muted">{dateTime(complaint.solutionAt)}</div>}
                    </div>
                  ),
                },
              ]
            : []),
          ...(complaint.confirmedAt || complaint.unconfirmedReason
            ? [
                {
                  key: 'confirmation',
                  label: t('complaint.step.confirmation'),
                  children: complaint.confirmedAt ? (
                    <Typography.Text type="success">
                      <CheckCircleOutlined /> {t('complaint.confirmedAt', { at: dateTime(complaint.confirmedAt) })}
                    </Typography.Text>
                  ) : (
                    <Typography.Text type="warning">
                      <ExclamationCircleOutlined /> {t('complaint.unconfirmedShown', { reason: complaint.unconfirmedReason ?? '' })}
                    </Typography.Text>
                  ),
                },
              ]
            : []),
          ...(!editingCause && (complaint.rootCause || closed)
            ? [
                {
                  key: 'rootCause',
                  label: t('complaint.rootCause'),
                  children: complaint.rootCause ? (
                    <span data-testid="complaint-root-cause">
                      {enumLabel(t, 'rootCause', complaint.rootCause)}
                      {complaint.productName && <span className="kefu-muted"> · {complaint.productName}</span>}
                    </span>
                  ) : (
                    <span className="kefu-muted">{t('common.none')}</span>
                  ),
                },
              ]
            : []),
        ]}
      />
      {editingCause && (
        <RootCauseForm
          complaint={complaint}
          busy={busy}
          onSave={(rootCause, productId) => void send({ step: 'root_cause', rootCause, productId }, t('complaint.rootCauseSaved'))}
        />
      )}
      {active && (
        <Flex wrap gap={8} justify="flex-end" style={{ marginTop: 12 }}>
          {stage !== 'acknowledge' && (
            <Button
              type={stage === 'solution' ? 'primary' : 'default'}
              icon={complaint.solution ? <EditOutlined /> : undefined}
              onClick={recordSolution}
              disabled={busy}
              data-testid="complaint-record-solution"
            >
              {complaint.solution ? t('complaint.editSolution') : t('complaint.recordSolution')}
            </Button>
          )}
          {stage === 'confirmation' && (
            <>
              <Button onClick={closeUnconfirmed} disabled={busy} data-testid="complaint-unconfirmed">
                {t('complaint.unconfirmed')}
              </Button>
              <Button
                type="primary"
                icon={<CheckCircleOutlined />}
                loading={busy}
                onClick={() => void send({ step: 'confirmed' }, t('complaint.markedConfirmed'))}
                data-testid="complaint-confirmed"
              >
                {t('complaint.markConfirmed')}
              </Button>
            </>
          )}
          {canSolve && (
            <Button onClick={() => onStatus('solved')} disabled={busy} data-testid="complaint-solve">
              {enumLabel(t, 'status', 'solved')}
            </Button>
          )}
          {canClose && (
            <Button type={stage === 'close' ? 'primary' : 'default'} onClick={() => onStatus('closed')} disabled={busy} data-testid="complaint-close">
              {t('complaint.step.close')}
            </Button>
          )}
        </Flex>
      )}
      {promptElement}
    </Card>
  );
}

/** The root cause (one of the shop's categories) and the product concerned, so repeated defects can be counted. */
function RootCauseForm({
  complaint,
  busy,
  onSave,
}: {
  complaint: Complaint;
  busy: boolean;
  onSave(rootCause: (typeof ROOT_CAUSES)[number], productId: number | null): void;
}) {
  const { t } = useI18n();
  const [cause, setCause] = useState(complaint.rootCause ?? undefined);
  const [productId, setProductId] = useState<number | null>(complaint.productId);
  useEffect(() => {
    setCause(complaint.rootCause ?? undefined);
    setProductId(complaint.productId);
  }, [complaint.rootCause, complaint.productId]);
  const changed = cause !== (complaint.rootCause ?? undefined) || productId !== complaint.productId;
  return (
    <Space wrap size={8} style={{ marginTop: 4 }} data-testid="complaint-root-cause-form">
      <span>{t('complaint.rootCause')}</span>
      <Select
        style={{ width: 140 }}
        placeholder={t('complaint.rootCauseRequired')}
        value={cause}
        onChange={setCause}
        options={ROOT_CAUSES.map((c) => ({ value: c, label: enumLabel(t, 'rootCause', c) }))}
        data-testid="complaint-root-cause-select"
      />
      <ProductPicker value={productId} initialLabel={complaint.productName} onChange={setProductId} />
      <Button disabled={!cause || !changed || busy} onClick={() => cause && onSave(cause, productId)} data-testid="complaint-save-root-cause">
        {t('complaint.saveRootCause')}
      </Button>
    </Space>
  );
}

/** Searches the catalogue by name or SKU as the agent types. */
export function ProductPicker({
  value,
  initialLabel,
  onChange,
}: {
  value: number | null;
  initialLabel: string | null;
  onChange(id: number | null): void;
}) {
  const { t } = useI18n();
  const [search, setSearch] = useState('');
  const [options, setOptions] = useState<{ value: number; label: string }[]>([]);
  useEffect(() => {
    let alive = true;
    const timer = setTimeout(() => {
      api
        .get<ProductList>('/api/products', { q: search || undefined })
        .then((r) => alive && setOptions(r.products.slice(0, 30).map((p) => ({ value: p.id, label: `${p.name} · ${p.sku}` }))))
        .catch(() => alive && setOptions([]));
    }, 250);
    return () => {
      alive = false;
      clearTimeout(timer);
    };
  }, [search]);
  const shown = value && !options.some((o) => o.value === value) ? [{ value, label: initialLabel ?? `#${value}` }, ...options] : options;
  return (
    <Select<number>
      style={{ width: 240 }}
      allowClear
      showSearch={{ filterOption: false, onSearch: setSearch }}
      value={value ?? undefined}
      onChange={(v) => onChange(v ?? null)}
      options={shown}
      placeholder={t('complaint.productPlaceholder')}
      data-testid="complaint-product"
    />
  );
}
