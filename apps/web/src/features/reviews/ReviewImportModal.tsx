import { REVIEW_PLATFORMS } from '@kefu/domain';
import { Alert, App, Col, Modal, Row, Statistic, Typography } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../i18n.ts';
import { ImportErrors, importButtons, PlatformImportForm, useDryRunImport } from '../../shared/DryRunImport.tsx';
import type { ReviewImportReport } from './reviewsApi.ts';

/** 导入评价: a seller centre's review export, checked first (every bad row, in Chinese), then imported all or nothing. */
export function ReviewImportModal({ open, onClose, onImported }: { open: boolean; onClose(): void; onImported(): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [platform, setPlatform] = useState<string>('taobao');
  const { file, report, busy, error, reset, changed, send } = useDryRunImport<ReviewImportReport>(
    '/api/reviews/import',
    () => ({ platform }),
    (result) => {
      message.success(t('reviews.importModal.done', { inserted: result.inserted, duplicates: result.duplicates }));
      onImported();
      reset();
      onClose();
    },
  );
  const close = () => {
    reset();
    onClose();
  };
  const ready = report?.dryRun && report.errorCount === 0 && report.rows > report.duplicates;
  return (
    <Modal
      open={open}
      title={t('reviews.import')}
      onCancel={close}
      width={720}
      destroyOnHidden
      footer={importButtons({ onCancel: close, send, busy, file, ready: !!ready, testId: 'review-import' })}
    >
      <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
        {t('reviews.importModal.hint')}
      </Typography.Paragraph>
      <PlatformImportForm
        label={t('reviews.filter.platform')}
        platforms={REVIEW_PLATFORMS}
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
        <div data-testid="review-import-report">
          <Row gutter={16} style={{ marginBottom: 12 }}>
            <Col span={8}>
              <Statistic title={t('reviews.importModal.rows')} value={report.rows} />
            </Col>
            <Col span={8}>
              <Statistic title={t('reviews.importModal.duplicates')} value={report.duplicates} />
            </Col>
            <Col span={8}>
              <Statistic
                title={t('reviews.importModal.inserted')}
                value={report.errorCount > 0 ? 0 : report.dryRun ? report.rows - report.duplicates : report.inserted}
              />
            </Col>
          </Row>
          {report.errorCount > 0 ? (
            <ImportErrors report={report} field={(f) => f} />
          ) : (
            report.dryRun && <Alert type="success" showIcon title={t('reviews.importModal.ok')} />
          )}
        </div>
      )}
    </Modal>
  );
}
