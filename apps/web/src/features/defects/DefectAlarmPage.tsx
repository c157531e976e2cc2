import { ArrowLeftOutlined, CheckOutlined, CloseCircleOutlined, FileExcelOutlined, FilePdfOutlined } from '@ant-design/icons';
import { App, Button, Card, Descriptions, Flex, Space, Typography } from 'antd';
import { Link, useParams } from 'react-router-dom';
import { useI18n } from '../../i18n.ts';
import { useAsync } from '../../shared/hooks.ts';
import { PageState } from '../../shared/PageState.tsx';
import { usePrompt } from '../../shared/PromptModal.tsx';
import { DefectCaseTable } from './DefectCaseTable.tsx';
import { AlarmStateTag, KeyWords, wordsBesideDefect } from './DefectTags.tsx';
import { chinaDate, chinaMinute, defectsApi, recallFileUrl, type DefectAlarm, type RecallReport } from './defectsApi.ts';
import { RecallFigures } from './RecallFigures.tsx';

/** One quality alarm: what it is about, acknowledging and closing it, and the recall-report draft with its cases. */
export function DefectAlarmPage() {
  const { t } = useI18n();
  const id = Number(useParams().id);
  const result = useAsync(() => defectsApi.report(id), [id]);
  const { message } = App.useApp();
  const [prompt, promptElement] = usePrompt();
  const report = result.data;
  if (!report)
    return (
      <PageState loading={result.loading} error={result.error} onRetry={result.reload} notFoundKey="defects.notFound" backTo="/reports/alarms" />
    );
  const { alarm } = report;

  const move = (state: 'acknowledged' | 'closed') =>
    prompt({
      title: t(state === 'acknowledged' ? 'defects.acknowledge.title' : 'defects.close.title'),
      label: t('defects.note'),
      placeholder: t('defects.note.placeholder'),
      initial: alarm.note ?? '',
      required: state === 'closed',
      requiredMessage: t('defects.note.required'),
      maxLength: 2000,
      danger: state === 'closed',
      okText: t(state === 'acknowledged' ? 'defects.acknowledge' : 'defects.close'),
      testId: 'alarm-note',
      submit: async (note) => {
        await defectsApi.move(alarm.id, { state, note, version: alarm.version });
        void message.success(t(state === 'acknowledged' ? 'defects.acknowledged' : 'defects.closed'));
        result.reload();
      },
    });

  return (
    <div>
      <Link to="/reports/alarms" className="kefu-small">
        <ArrowLeftOutlined /> {t('defects.back')}
      </Link>
      <Flex justify="space-between" align="center" wrap gap={8} style={{ margin: '8px 0 16px' }}>
        <Space size={12} align="center" wrap>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {alarm.productName} · {alarm.defect}
          </Typography.Title>
          <AlarmStateTag state={alarm.state} />
          <Typography.Text type="secondary">{t('defects.page.title', { id: alarm.id })}</Typography.Text>
        </Space>
        <Space wrap>
          <Button href={recallFileUrl(alarm.id, 'pdf')} icon={<FilePdfOutlined />} data-testid="recall-pdf">
            {t('defects.exportPdf')}
          </Button>
          <Button href={recallFileUrl(alarm.id, 'xlsx')} icon={<FileExcelOutlined />} data-testid="recall-xlsx">
            {t('defects.exportExcel')}
          </Button>
          {alarm.state === 'open' && (
            <Button type="primary" icon={<CheckOutlined />} onClick={() => move('acknowledged')} data-testid="alarm-acknowledge">
              {t('defects.acknowledge')}
            </Button>
          )}
          {alarm.state !== 'closed' && (
            <Button danger icon={<CloseCircleOutlined />} onClick={() => move('closed')} data-testid="alarm-close">
              {t('defects.close')}
            </Button>
          )}
        </Space>
      </Flex>
      <Flex vertical gap={16}>
        <AlarmFacts alarm={alarm} report={report} />
        <Card
          size="small"
          title={t('defects.report.title')}
          extra={<span className="kefu-small kefu-muted">{chinaMinute(report.generatedAt)}</span>}
          data-testid="recall-report"
        >
          <Typography.Paragraph type="secondary" className="kefu-small" style={{ marginTop: 0 }}>
            {t('defects.report.hint')}
          </Typography.Paragraph>
          <RecallFigures report={report} />
        </Card>
        <Card size="small" title={`${t('defects.cases.title')}（${report.cases.length}）`}>
          <DefectCaseTable cases={report.cases} />
        </Card>
      </Flex>
      {promptElement}
    </div>
  );
}

function AlarmFacts({ alarm, report }: { alarm: DefectAlarm; report: RecallReport }) {
  const { t } = useI18n();
  const placed = report.ordersPlaced;
  const placedText = placed
    ? [chinaDate(placed.from), chinaDate(placed.to)].filter((d, i, all) => all.indexOf(d) === i).join(' — ')
    : t('defects.field.noOrders');
  return (
    <Card size="small">
      <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }} data-testid="alarm-facts">
        <Descriptions.Item label={t('defects.field.product')}>
          <Link to={`/products/${alarm.productId}`}>{alarm.productName}</Link>
          <span className="kefu-muted">（{alarm.productSku}）</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('defects.field.defect')}>{alarm.defect}</Descriptions.Item>
        <Descriptions.Item label={t('defects.field.keyWords')}>
          <KeyWords words={wordsBesideDefect(alarm)} />
        </Descriptions.Item>
        <Descriptions.Item label={t('defects.field.span')}>
          {chinaMinute(alarm.firstAt)} / {chinaMinute(alarm.lastAt)}
        </Descriptions.Item>
        <Descriptions.Item label={t('defects.field.ordersPlaced')}>{placedText}</Descriptions.Item>
        {alarm.taskId && (
          <Descriptions.Item label={t('defects.field.task')}>
            <Link to="/tasks?department=product">{t('defects.field.taskLink')}</Link>
          </Descriptions.Item>
        )}
        {alarm.acknowledgedByName && (
          <Descriptions.Item label={t('defects.field.handler')}>
            {alarm.acknowledgedByName}
            {alarm.acknowledgedAt && <span className="kefu-muted">（{chinaMinute(alarm.acknowledgedAt)}）</span>}
          </Descriptions.Item>
        )}
        {alarm.closedByName && (
          <Descriptions.Item label={t('defects.field.closedBy')}>
            {alarm.closedByName}
            {alarm.closedAt && <span className="kefu-muted">（{chinaMinute(alarm.closedAt)}）</span>}
          </Descriptions.Item>
        )}
        {alarm.note && <Descriptions.Item label={t('defects.field.note')}>{alarm.note}</Descriptions.Item>}
      </Descriptions>
    </Card>
  );
}
