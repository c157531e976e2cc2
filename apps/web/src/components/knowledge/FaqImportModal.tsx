import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { Alert, App, Button, Col, Modal, Row, Statistic, Table, Typography, Upload } from 'antd';
import { useState } from 'react';
import { request, type FaqImportReport } from '../../api.ts';
import { errorText } from '../../errors.ts';
import { enumLabel, useI18n, type Translate } from '../../i18n.ts';

const HEADERS = ['标准问题', '相似问法', '答案', '分类', '适用商品SKU'];

/** A CSV with the import's columns and one example row, for shops starting from nothing. */
function downloadTemplate() {
  const rows = [HEADERS, ['可以开发票吗', '能开票吗|怎么开发票|发票怎么开', '亲，可以的～下单时在发票栏填写抬头和税号即可，{customerName}如需专票请联系客服。', '发票', '']];
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
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<FaqImportReport | null>(null);
  const [busy, setBusy] = useState<'check' | 'import' | null>(null);
  const [error, setError] = useState<string | null>(null);

  function reset() {
    setFile(null);
    setReport(null);
    setError(null);
  }
  function close() {
    reset();
    onClose();
  }

  async function send(dryRun: boolean) {
    if (!file) { setError(t('import.noFile')); return; }
    setBusy(dryRun ? 'check' : 'import');
    setError(null);
    try {
      const body = new FormData();
      body.append('file', file, file.name);
      const result = await request<FaqImportReport>('POST', '/api/knowledge/faqs/import', body, { dryRun: String(dryRun) });
      setReport(result);
      if (!dryRun && result.errorCount === 0) {
        message.success(t('faqImport.done', { n: result.created }));
        onImported();
        close();
      }
    } catch (err) {
      setReport(null);
      setError(errorText(t, err));
    } finally {
      setBusy(null);
    }
  }

  const ready = report?.dryRun && report.errorCount === 0 && report.rows > 0;
  return (
    <Modal open={open} title={t('faqImport.title')} onCancel={close} width={720} destroyOnHidden
      footer={[
        <Button key="template" type="link" icon={<DownloadOutlined />} onClick={downloadTemplate} style={{ float: 'left', paddingInline: 0 }}>{t('faqImport.template')}</Button>,
        <Button key="cancel" onClick={close}>{t('common.cancel')}</Button>,
        <Button key="check" onClick={() => void send(true)} loading={busy === 'check'} disabled={!file} type={ready ? 'default' : 'primary'} data-testid="faq-import-check">
          {t('import.check')}
        </Button>,
        <Button key="import" type="primary" onClick={() => void send(false)} loading={busy === 'import'} disabled={!ready} data-testid="faq-import-confirm">
          {t('import.confirm')}
        </Button>,
      ]}>
      <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
        {t('faqImport.hint')}
      </Typography.Paragraph>
      <div className="kefu-import-cols">
        {HEADERS.map((h, i) => <span key={h} className={i === 0 || i === 2 ? 'is-required' : undefined}>{h}</span>)}
      </div>
      <Upload.Dragger accept=".csv,.xlsx" maxCount={1} multiple={false}
        fileList={file ? [{ uid: 'file', name: file.name, status: 'done', size: file.size }] : []}
        beforeUpload={(f) => { setFile(f); setReport(null); setError(null); return false; }}
        onRemove={() => { reset(); return true; }}>
        <p className="ant-upload-drag-icon"><InboxOutlined /></p>
        <p className="ant-upload-text">{t('import.choose')}</p>
      </Upload.Dragger>
      {error && <Alert type="error" showIcon title={error} style={{ marginTop: 16 }} />}
      {report && (
        <div data-testid="faq-import-report" style={{ marginTop: 16 }}>
          <Row gutter={16} style={{ marginBottom: 12 }}>
            <Col span={12}><Statistic title={t('faqImport.rows')} value={report.rows} /></Col>
            <Col span={12}><Statistic title={t('import.errors')} value={report.errorCount} styles={{ content: { color: report.errorCount ? '#cf1322' : undefined } }} /></Col>
          </Row>
          {report.rows === 0 ? <Alert type="warning" showIcon title={t('faqImport.empty')} />
            : report.errorCount === 0
              ? <Alert type="success" showIcon title={t('faqImport.ok', { n: report.rows })} />
              : (
                <>
                  <Alert type="error" showIcon title={t('import.bad', { n: report.errorCount })}
                    description={report.errors.length < report.errorCount ? t('import.shown', { n: report.errors.length }) : undefined} style={{ marginBottom: 12 }} />
                  <Table rowKey={(r) => `${r.line}-${r.field}-${r.message}`} size="small" dataSource={[...report.errors].sort((x, y) => x.line - y.line)}
                    pagination={report.errors.length > 10 ? { pageSize: 10, size: 'small' } : false}
                    columns={[
                      { title: t('import.line'), dataIndex: 'line', width: 70 },
                      { title: t('import.field'), dataIndex: 'field', width: 170, render: (v: string) => <span title={v}>{fieldLabel(t, v)}</span> },
                      { title: t('import.message'), dataIndex: 'message', render: (v: string) => <span title={v}>{reasonText(t, v)}</span> },
                    ]} />
                </>
              )}
        </div>
      )}
    </Modal>
  );
}
