import type { Wire } from '@kefu/protocol/api/common';
import type { CustomerImportReport } from '@kefu/protocol/api/customers';
import { Alert, App, Col, Modal, Row, Statistic, Typography } from 'antd';
import { useI18n } from '../../i18n.ts';
import { ImportDropzone, ImportErrors, importButtons, useDryRunImport } from '../../shared/DryRunImport.tsx';

type Report = Wire<typeof CustomerImportReport>;

/** The sheet's columns as the server reads them (姓名 is the one it needs); the export writes the same. */
const HEADERS = [
  '姓名',
  '手机',
  '邮箱',
  '淘宝账号',
  '京东账号',
  '拼多多账号',
  '官网账号',
  '客户分层',
  '标签',
  '性别',
  '生日',
  '农历生日',
  '专属客服',
  '省份',
  '城市',
  '区县',
  '详细地址',
];

/**
 * 导入客户: the file is checked first (each bad row with its column and a Chinese reason, from the server); only a
 * file without errors can then be imported, all rows or none. Known phones, e-mails and marketplace ids update.
 */
export function CustomerImportModal({ open, onClose, onImported }: { open: boolean; onClose(): void; onImported(): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { file, report, busy, error, reset, changed, send } = useDryRunImport<Report>(
    '/api/customers/import',
    () => ({}),
    (result) => {
      message.success(t('customer.import.done', { created: result.created, updated: result.updated }));
      onImported();
      close();
    },
  );
  function close() {
    reset();
    onClose();
  }

  const ready = report?.dryRun && report.errorCount === 0 && report.rows > 0;
  return (
    <Modal
      open={open}
      title={t('customer.import.title')}
      onCancel={close}
      width={760}
      destroyOnHidden
      footer={[...importButtons({ onCancel: close, send, busy, file, ready: !!ready, testId: 'customer-import' })]}
    >
      <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
        {t('customer.import.hint')}
      </Typography.Paragraph>
      <div className="kefu-import-cols">
        {HEADERS.map((h, i) => (
          <span key={h} className={i === 0 ? 'is-required' : undefined}>
            {h}
          </span>
        ))}
      </div>
      <ImportDropzone accept=".csv,.xlsx" file={file} onPick={changed} onRemove={reset} />
      {error && <Alert type="error" showIcon title={error} style={{ marginTop: 16 }} />}
      {report && (
        <div data-testid="customer-import-report" style={{ marginTop: 16 }}>
          <Row gutter={16} style={{ marginBottom: 12 }}>
            <Col span={8}>
              <Statistic title={t('customer.import.rows')} value={report.rows} />
            </Col>
            <Col span={8}>
              <Statistic
                title={t('import.errors')}
                value={report.errorCount}
                styles={{ content: { color: report.errorCount ? '#cf1322' : undefined } }}
              />
            </Col>
          </Row>
          {report.rows === 0 ? (
            <Alert type="warning" showIcon title={t('customer.import.empty')} />
          ) : report.errorCount === 0 ? (
            <Alert type="success" showIcon title={t('customer.import.ok', { created: report.created, updated: report.updated })} />
          ) : (
            <ImportErrors report={report} fieldWidth={110} field={(v) => v} />
          )}
        </div>
      )}
    </Modal>
  );
}
