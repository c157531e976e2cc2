import { ORDER_PLATFORMS } from '@kefu/domain';
import { Alert, App, Col, Modal, Row, Statistic, Typography } from 'antd';
import { useState } from 'react';
import type { ImportReport } from '../../api.ts';
import { enumLabel, useI18n } from '../../i18n.ts';
import { ImportErrors, importButtons, PlatformImportForm, useDryRunImport } from '../../shared/DryRunImport.tsx';

/**
 * 导入订单: a marketplace export is checked first (a dry run that lists every bad row with its line and
 * field); only a file without errors can then be imported, all or nothing.
 */
export function OrderImportModal({ open, onClose, onImported }: { open: boolean; onClose(): void; onImported(): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [platform, setPlatform] = useState<string>('taobao');
  const { file, report, busy, error, reset, changed, send } = useDryRunImport<ImportReport>(
    '/api/orders/import',
    () => ({ platform }),
    (result) => {
      message.success(t('import.done', { inserted: result.inserted, updated: result.updated }));
      onImported();
      reset();
      onClose();
    },
  );

  const ready = report?.dryRun && report.errorCount === 0 && report.orders > 0;
  return (
    <Modal
      open={open}
      title={t('import.title')}
      onCancel={() => {
        reset();
        onClose();
      }}
      width={720}
      destroyOnHidden
      footer={[
        ...importButtons({
          onCancel: () => {
            reset();
            onClose();
          },
          send,
          busy,
          file,
          ready: !!ready,
          testId: 'import',
        }),
      ]}
    >
      <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
        {t('import.hint')}
      </Typography.Paragraph>
      <PlatformImportForm
        label={t('import.platform')}
        platforms={ORDER_PLATFORMS}
        platform={platform}
        onPlatform={(v) => {
          setPlatform(v);
          changed();
        }}
        file={file}
        onPick={changed}
        onRemove={reset}
      />
      {error && <Alert type="error" showIcon title={error} />}
      {report && (
        <div data-testid="import-report">
          <Row gutter={16} style={{ marginBottom: 12 }}>
            <Col span={8}>
              <Statistic title={t('import.rows')} value={report.rows} />
            </Col>
            <Col span={8}>
              <Statistic title={t('import.orders')} value={report.orders} />
            </Col>
            <Col span={8}>
              <Statistic
                title={t('import.errors')}
                value={report.errorCount}
                styles={{ content: { color: report.errorCount ? '#cf1322' : undefined } }}
              />
            </Col>
          </Row>
          {report.errorCount === 0 ? (
            <Alert type="success" showIcon title={t('import.ok', { n: report.orders })} />
          ) : (
            <ImportErrors
              report={report}
              field={(v) => {
                const label = enumLabel(t, 'importField', v);
                return label === v ? <span className="kefu-mono">{v}</span> : <span title={v}>{label}</span>;
              }}
            />
          )}
        </div>
      )}
    </Modal>
  );
}
