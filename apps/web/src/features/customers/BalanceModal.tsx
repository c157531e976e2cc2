import { SEGMENTS } from '@kefu/domain';
import { Alert, App, Button, Checkbox, Col, Form, Input, Modal, Row, Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { ApiError } from '../../api.ts';
import { enumLabel, useI18n } from '../../i18n.ts';
import { applyFieldErrors, errorText } from '../../shared/errors.ts';
import { useDirectory } from '../../shared/hooks.ts';
import { ownersApi, type BalancePlan } from './ownersApi.ts';

interface Values {
  segment?: string;
  tag?: string;
  unassigned?: boolean;
  rebalance?: boolean;
  fromAgentId?: number;
  agentIds?: number[];
  groupId?: number;
  vipGroupId?: number;
}

/**
 * 均衡分配 (mode `balance`: customers picked by segment/tag, the unassigned ones by default) or 离职转移 (mode `spread`:
 * every customer of a leaving agent): previews who gets how many, then applies the same plan.
 */
export function BalanceModal({ mode, open, onClose, onDone }: { mode: 'balance' | 'spread'; open: boolean; onClose(): void; onDone(): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const { users, groups } = useDirectory();
  const [plan, setPlan] = useState<BalancePlan | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const desk = users.filter((u) => ['agent', 'supervisor', 'admin'].includes(u.role));
  const agentOptions = desk.filter((u) => u.active).map((u) => ({ value: u.id, label: u.displayName }));
  const nameOf = (id: number) => users.find((u) => u.id === id)?.displayName ?? `#${id}`;

  function close() {
    form.resetFields();
    setPlan(null);
    setProblem(null);
    onClose();
  }

  async function run(dryRun: boolean) {
    const v = form.getFieldsValue();
    if (!v.agentIds?.length && !v.groupId) return setProblem(t('owners.needAgents'));
    const shared = {
      agentIds: v.agentIds?.length ? v.agentIds : undefined,
      groupId: v.groupId,
      segmentGroups: v.vipGroupId ? { vip: v.vipGroupId } : undefined,
      dryRun,
    };
    setBusy(true);
    setProblem(null);
    try {
      const answer =
        mode === 'spread'
          ? await ownersApi.spread({ ...shared, fromAgentId: v.fromAgentId! })
          : await ownersApi.balance({
              ...shared,
              segment: v.segment,
              tag: v.tag?.trim() || undefined,
              unassigned: !!v.unassigned,
              rebalance: !!v.rebalance,
            });
      if (dryRun) setPlan(answer);
      else {
        message.success(t('owners.applied', { moved: answer.moved, followUps: answer.followUps }));
        onDone();
        close();
      }
    } catch (err) {
      const rest = applyFieldErrors(form, err, ['segment', 'tag', 'agentIds', 'groupId', 'fromAgentId']);
      setProblem(rest.length ? rest.join('；') : err instanceof ApiError && err.fields.length ? null : errorText(t, err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open={open}
      width={720}
      title={t(mode === 'spread' ? 'owners.spread.title' : 'owners.balance.title')}
      onCancel={close}
      destroyOnHidden
      footer={
        <Space>
          <Button onClick={close}>{t('common.cancel')}</Button>
          <Button onClick={() => void run(true)} loading={busy && !plan} data-testid="owners-preview">
            {t('owners.preview')}
          </Button>
          <Button
            type="primary"
            disabled={!plan || plan.moved === 0}
            loading={busy && !!plan}
            onClick={() => void run(false)}
            data-testid="owners-apply"
          >
            {t('owners.apply')}
          </Button>
        </Space>
      }
    >
      {mode === 'spread' && <Typography.Paragraph type="secondary">{t('owners.spread.hint')}</Typography.Paragraph>}
      {problem && <Alert type="error" showIcon title={problem} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" initialValues={{ unassigned: true }} onValuesChange={() => setPlan(null)}>
        {mode === 'spread' ? (
          <Form.Item name="fromAgentId" label={t('owners.form.from')} required>
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              options={desk.map((u) => ({ value: u.id, label: u.active ? u.displayName : `${u.displayName}（${t('owners.inactive')}）` }))}
              data-testid="owners-from"
            />
          </Form.Item>
        ) : (
          <Row gutter={16}>
            <Col span={8}>
              <Form.Item name="segment" label={t('owners.form.segment')}>
                <Select
                  allowClear
                  placeholder={t('owners.form.anySegment')}
                  options={SEGMENTS.map((s) => ({ value: s, label: enumLabel(t, 'segment', s) }))}
                />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="tag" label={t('owners.form.tag')}>
                <Input maxLength={32} allowClear />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="unassigned" valuePropName="checked" label=" ">
                <Checkbox data-testid="owners-unassigned">{t('owners.form.unassigned')}</Checkbox>
              </Form.Item>
            </Col>
          </Row>
        )}
        <Row gutter={16}>
          <Col span={14}>
            <Form.Item name="agentIds" label={t(mode === 'spread' ? 'owners.form.colleagues' : 'owners.form.agents')}>
              <Select mode="multiple" showSearch={{ optionFilterProp: 'label' }} options={agentOptions} data-testid="owners-agents" />
            </Form.Item>
          </Col>
          <Col span={10}>
            <Form.Item name="groupId" label={t('owners.form.group')}>
              <Select allowClear options={groups.map((g) => ({ value: g.id, label: g.name }))} />
            </Form.Item>
          </Col>
          <Col span={14}>
            <Form.Item name="vipGroupId" label={t('owners.form.vipGroup')} tooltip={t('owners.form.vipGroupHint')}>
              <Select allowClear options={groups.map((g) => ({ value: g.id, label: g.name }))} />
            </Form.Item>
          </Col>
          {mode === 'balance' && (
            <Col span={10}>
              <Form.Item name="rebalance" valuePropName="checked" label=" ">
                <Checkbox>{t('owners.form.rebalance')}</Checkbox>
              </Form.Item>
            </Col>
          )}
        </Row>
      </Form>
      {plan && (
        <div data-testid="owners-plan">
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 12 }}
            title={t('owners.plan.summary', { customers: plan.customers, moved: plan.moved, kept: plan.kept })}
          />
          <Table
            rowKey="agentId"
            size="small"
            pagination={false}
            dataSource={plan.loads}
            columns={[
              { title: t('owners.col.agent'), dataIndex: 'agentId', render: (id: number) => nameOf(id) },
              { title: t('owners.plan.before'), dataIndex: 'before', align: 'right' },
              {
                title: t('owners.plan.gained'),
                dataIndex: 'gained',
                align: 'right',
                render: (n: number) => (n ? <Typography.Text type="success">+{n}</Typography.Text> : 0),
              },
              { title: t('owners.plan.after'), dataIndex: 'after', align: 'right', render: (n: number) => <strong>{n}</strong> },
            ]}
          />
        </div>
      )}
    </Modal>
  );
}
