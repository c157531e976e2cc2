import { DownloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Col, Modal, Row, Statistic, Typography } from 'antd';
import type { FaqImportReport } from '../../api.ts';
import { enumLabel, useI18n, type Translate } from '../../i18n.ts';
import { ImportDropzone, ImportErrors, importButtons, useDryRunImport } from '../../shared/DryRunImport.tsx';

const HEADERS = ['标准问题', '相似问法', '答案', '分类', '适用商品SKU'];

/** A CSV with the import's columns and one example row, for shops starting from nothing. */
function downloadTemplate() {
  const rows = [
    HEADERS,
    [
      '可以开发票吗',
      '能开票吗|怎么开发票|发票怎么开',
      '亲，可以的～下单时在发票栏填写抬头和税号即可，{customerName}如需专票请联系客服。',
      '发票',
      '',
    ],
  ];
  const csv = rows.map((r) => r.map((c) => `"${c.replaceAll('"', '""')}"`).join(',')).join('\r\n');
  const url = URL.createObjectURL(new Blob(['\ufeff', csv], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = '知识库导入模板.csv';
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** "alternatives.3" → 相似问法 (第 4 条). */
function fieldLabel(t: Translate, field: string): string {
  const [head, index] = field.split('.');
  const label = enumLabel(t, 'faqField', head);
  return index !== undefined && /^\d+$/.test(index) ? t('faqImport.nth', { field: label, n: Number(index) + 1 }) : label;
}

/** The server's English reasons, in the reader's language where we know them. */
function reasonText(t: Translate, message: string): string {
  if (message === 'must not be empty') return t('faqImport.reason.empty');
  const sku = /^no product with SKU (.+)$/.exec(message);
  if (sku) return t('faqImport.reason.sku', { sku: sku[1]! });
  const long = /expected (?:string|array) to have <=\s*(\d+)/.exec(message);
  if (long) return t('faqImport.reason.tooLong', { n: long[1]! });
  return message;
}

/**
 * 导入问答: an .xlsx or .csv with 标准问题, 相似问法, 答案, 分类, 适用商品SKU is checked first (every bad row with its
 * line and field); only a file without errors can then be imported, all rows or none.
 */
export function FaqImportModal({ open, onClose, onImported }: { open: boolean; onClose(): void; onImported(): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { file, report, busy, error, reset, changed, send } = useDryRunImport<FaqImportReport>(
    '/api/knowledge/faqs/import',
    () => ({}),
    (result) => {
      message.success(t('faqImport.done', { n: result.created }));
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
      title={t('faqImport.title')}
      onCancel={close}
      width={720}
      destroyOnHidden
      footer={[
        <Button key="template" type="link" icon={<DownloadOutlined />} onClick={downloadTemplate} style={{ float: 'left', paddingInline: 0 }}>
          {t('faqImport.template')}
        </Button>,
        ...importButtons({ onCancel: close, send, busy, file, ready: !!ready, testId: 'faq-import' }),
      ]}
    >
      <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
        {t('faqImport.hint')}
      </Typography.Paragraph>
      <div className="kefu-import-cols">
        {HEADERS.map((h, i) => (
          <span key={h} className={i === 0 || i === 2 ? 'is-required' : undefined}>
            {h}
          </span>
        ))}
      </div>
      <ImportDropzone accept=".csv,.xlsx" file={file} onPick={changed} onRemove={reset} />
      {error && <Alert type="error" showIcon title={error} style={{ marginTop: 16 }} />}
      {report && (
        <div data-testid="faq-import-report" style={{ marginTop: 16 }}>
          <Row gutter={16} style={{ marginBottom: 12 }}>
            <Col span={12}>
              <Statistic title={t('faqImport.rows')} value={report.rows} />
            </Col>
            <Col span={12}>
              <Statistic
                title={t('import.errors')}
                value={report.errorCount}
                styles={{ content: { color: report.errorCount ? '#cf1322' : undefined } }}
              />
            </Col>
          </Row>
          {report.rows === 0 ? (
            <Alert type="warning" showIcon title={t('faqImport.empty')} />
          ) : report.errorCount === 0 ? (
            <Alert type="success" showIcon title={t('faqImport.ok', { n: report.rows })} />
          ) : (
            <ImportErrors
              report={report}
              fieldWidth={170}
              field={(v) => <span title={v}>{fieldLabel(t, v)}</span>}
              reason={(v) => <span title={v}>{reasonText(t, v)}</span>}
            />
          )}
        </div>
      )}
    </Modal>
  );
}
