import { ArrowLeftOutlined, FileExcelOutlined, FilePdfOutlined } from '@ant-design/icons';
import { Alert, Button, Flex, Space, Tag, Typography } from 'antd';
import { Link, useParams } from 'react-router-dom';
import { useI18n } from '../../i18n.ts';
import { useAsync } from '../../shared/hooks.ts';
import { PageState } from '../../shared/PageState.tsx';
import { briefFileUrl, briefsApi, chinaMinute } from './briefsApi.ts';
import { briefName } from './briefText.ts';
import { MonthlyBrief } from './MonthlyBrief.tsx';
import { WeeklyBrief } from './WeeklyBrief.tsx';
import './briefs.css';

/** One brief as it was archived: its period, who it went to, its figures, and its PDF and Excel files. */
export function BriefPage() {
  const { t } = useI18n();
  const id = Number(useParams().id);
  const result = useAsync(() => briefsApi.get(id), [id]);
  const brief = result.data?.brief;
  if (!brief)
    return <PageState loading={result.loading} error={result.error} onRetry={result.reload} notFoundKey="briefs.notFound" backTo="/reports/briefs" />;

  return (
    <div data-testid="brief-page">
      <Link to="/reports/briefs" className="kefu-small">
        <ArrowLeftOutlined /> {t('briefs.back')}
      </Link>
      <Flex justify="space-between" align="flex-start" wrap gap={12} style={{ margin: '8px 0 16px' }}>
        <div>
          <Space align="center">
            <Typography.Title level={4} style={{ margin: 0 }}>
              {briefName(t, brief)}
            </Typography.Title>
            <Tag color={brief.kind === 'weekly_aftersales' ? 'cyan' : 'purple'}>{t(`briefs.kind.${brief.kind}`)}</Tag>
          </Space>
          <div className="kefu-small" style={{ marginTop: 4 }}>
            {t('briefs.period', { from: chinaMinute(brief.coversFrom), to: chinaMinute(brief.coversUntil) })}
            {' · '}
            {t('briefs.createdAt', { at: chinaMinute(brief.updatedAt) })}
            {brief.emailedTo.length > 0 && ` · ${t('briefs.emailedTo', { to: brief.emailedTo.join(', ') })}`}
          </div>
        </div>
        <Space>
          <Button icon={<FilePdfOutlined />} href={briefFileUrl(brief.id, 'pdf')} data-testid="brief-pdf">
            {t('briefs.downloadPdf')}
          </Button>
          <Button icon={<FileExcelOutlined />} href={briefFileUrl(brief.id, 'xlsx')} data-testid="brief-xlsx">
            {t('briefs.downloadExcel')}
          </Button>
        </Space>
      </Flex>
      {brief.data.kind === 'weekly_aftersales' && brief.data.source === 'cases' && (
        <Alert type="info" showIcon title={t('briefs.sourceCases')} style={{ marginBottom: 16 }} />
      )}
      {brief.data.kind === 'weekly_aftersales' ? <WeeklyBrief data={brief.data} /> : <MonthlyBrief data={brief.data} />}
    </div>
  );
}
