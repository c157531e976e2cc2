import { FileExcelOutlined, FilePdfOutlined, PlusOutlined } from '@ant-design/icons';
import { BRIEF_KINDS, type BriefKind } from '@kefu/domain';
import {
  App,
  Button,
  Checkbox,
  DatePicker,
  Flex,
  Form,
  Modal,
  Segmented,
  Select,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
  type TableProps,
} from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useAuth } from '../../auth.tsx';
import { useI18n } from '../../i18n.ts';
import { errorText } from '../../shared/errors.ts';
import { useAsync } from '../../shared/hooks.ts';
import { PageState } from '../../shared/PageState.tsx';
import { briefFileUrl, briefsApi, chinaMinute, type BriefSummary } from './briefsApi.ts';
import { briefName } from './briefText.ts';
import './briefs.css';

/** 简报 (supervisors, admins; the product department sees the needs reports): the archive, newest first. */
export function BriefListPage() {
  const { t } = useI18n();
  const admin = useAuth().user.role === 'admin';
  const [kind, setKind] = useState<BriefKind | 'all'>('all');
  const [generating, setGenerating] = useState(false);
  const result = useAsync(() => briefsApi.list(kind === 'all' ? undefined : kind), [kind]);
  const navigate = useNavigate();

  const columns: TableProps<BriefSummary>['columns'] = [
    {
      title: t('briefs.col.name'),
      key: 'name',
      render: (_, b) => (
        <Space>
          <Tag color={b.kind === 'weekly_aftersales' ? 'cyan' : 'purple'}>{t(`briefs.kind.${b.kind}`)}</Tag>
          <Link to={`/reports/briefs/${b.id}`}>{briefName(t, b)}</Link>
        </Space>
      ),
    },
    {
      title: t('briefs.col.period'),
      key: 'period',
      render: (_, b) => `${chinaMinute(b.coversFrom)} — ${chinaMinute(b.coversUntil)}`,
    },
    { title: t('briefs.col.created'), key: 'created', render: (_, b) => chinaMinute(b.updatedAt) },
    {
      title: t('briefs.col.emailed'),
      key: 'emailed',
      render: (_, b) =>
        b.emailedTo.length ? (
          <Tooltip title={b.emailedTo.join(', ')}>
            <span>{t('briefs.emailedCount', { n: b.emailedTo.length })}</span>
          </Tooltip>
        ) : (
          <Typography.Text type="secondary">{t('briefs.notEmailed')}</Typography.Text>
        ),
    },
    {
      key: 'files',
      align: 'right',
      render: (_, b) => (
        <Space size={4}>
          <Button size="small" type="link" href={briefFileUrl(b.id, 'pdf')} icon={<FilePdfOutlined />}>
            {t('briefs.pdf')}
          </Button>
          <Button size="small" type="link" href={briefFileUrl(b.id, 'xlsx')} icon={<FileExcelOutlined />}>
            {t('briefs.excel')}
          </Button>
        </Space>
      ),
    },
  ];

  return (
    <div>
      <Flex justify="space-between" align="baseline" wrap gap={8} style={{ marginBottom: 16 }}>
        <div>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('briefs.title')}
          </Typography.Title>
          <Typography.Text type="secondary" className="kefu-small">
            {t('briefs.hint')}
          </Typography.Text>
        </div>
        {admin && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setGenerating(true)} data-testid="brief-generate">
            {t('briefs.generate')}
          </Button>
        )}
      </Flex>
      <Segmented<BriefKind | 'all'>
        style={{ marginBottom: 12 }}
        value={kind}
        onChange={setKind}
        options={[{ value: 'all', label: t('briefs.all') }, ...BRIEF_KINDS.map((k) => ({ value: k, label: t(`briefs.kind.${k}`) }))]}
      />
      {result.error && !result.data ? (
        <PageState error={result.error} onRetry={result.reload} />
      ) : (
        <Table<BriefSummary>
          rowKey="id"
          size="middle"
          loading={result.loading}
          columns={columns}
          dataSource={result.data?.briefs ?? []}
          pagination={false}
          locale={{ emptyText: t('briefs.empty') }}
          data-testid="brief-list"
        />
      )}
      {generating && <GenerateModal onClose={() => setGenerating(false)} onMade={(id) => navigate(`/reports/briefs/${id}`)} />}
    </div>
  );
}

interface GenerateValues {
  kind: BriefKind;
  day?: { format(pattern: string): string };
  email?: boolean;
}

/** An admin's "generate now": any ended period (a day of it), rebuilt when it exists, e-mailed when asked. */
function GenerateModal({ onClose, onMade }: { onClose(): void; onMade(id: number): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<GenerateValues>();
  const [busy, setBusy] = useState(false);

  async function submit(values: GenerateValues) {
    setBusy(true);
    try {
      const { brief } = await briefsApi.generate({ kind: values.kind, periodStart: values.day?.format('YYYY-MM-DD'), email: values.email ?? false });
      message.success(t('briefs.generate.done', { name: briefName(t, brief) }));
      onClose();
      onMade(brief.id);
    } catch (err) {
      message.error(errorText(t, err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal open title={t('briefs.generate.title')} onOk={() => form.submit()} onCancel={onClose} confirmLoading={busy} destroyOnHidden>
      <Form<GenerateValues> form={form} layout="vertical" onFinish={submit} initialValues={{ kind: 'weekly_aftersales', email: false }}>
        <Form.Item name="kind" label={t('briefs.generate.kind')}>
          <Select options={BRIEF_KINDS.map((k) => ({ value: k, label: t(`briefs.kind.${k}`) }))} />
        </Form.Item>
        <Form.Item name="day" label={t('briefs.generate.day')} extra={t('briefs.generate.dayHint')}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="email" valuePropName="checked">
          <Checkbox>{t('briefs.generate.email')}</Checkbox>
        </Form.Item>
      </Form>
    </Modal>
  );
}
