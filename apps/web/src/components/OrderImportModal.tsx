import { InboxOutlined } from '@ant-design/icons';
import { ORDER_PLATFORMS } from '@kefu/domain';
import { Alert, App, Button, Col, Form, Modal, Row, Select, Statistic, Table, Typography, Upload } from 'antd';
import { useState } from 'react';
import { request, type ImportReport } from '../api.ts';
import { errorText } from '../errors.ts';
import { enumLabel, useI18n } from '../i18n.ts';

/**
 * 导入订单: a marketplace export is checked first (a dry run that lists every bad row with its line and
 * field); only a file without errors can then be imported, all or nothing.
 */
export function OrderImportModal({ open, onClose, onImported }: { open: boolean; onClose(): void; onImported(): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [platform, setPlatform] = useState<string>('taobao');
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [busy, setBusy] = useState<'check' | 'import' | null>(null);
  const [error, setError] = useState<string | null>(null);

  function reset() {
    setFile(null);
    setReport(null);
    setError(null);
  }

  async function send(dryRun: boolean) {
    if (!file) { setError(t('import.noFile')); return; }
    setBusy(dryRun ? 'check' : 'import');
    setError(null);
    try {
      const body = new FormData();
      body.append('file', file, file.name);
      const result = await request<ImportReport>('POST', '/api/orders/import', body, { platform, dryRun: String(dryRun) });
      setReport(result);
      if (!dryRun && result.errorCount === 0) {
        message.success(t('import.done', { inserted: result.inserted, updated: result.updated }));
        onImported();
        reset();
        onClose();
      }
    } catch (err) {
      setReport(null);
      setError(errorText(t, err));
    } finally {
      setBusy(null);
    }
  }

  const ready = report?.dryRun && report.errorCount === 0 && report.orders > 0;
  return (
    <Modal open={open} title={t('import.title')} onCancel={() => { reset(); onClose(); }} width={720} destroyOnHidden
      footer={[
        <Button key="cancel" onClick={() => { reset(); onClose(); }}>{t('common.cancel')}</Button>,
        <Button key="check" onClick={() => void send(true)} loading={busy === 'check'} disabled={!file} type={ready ? 'default' : 'primary'} data-testid="import-check">
          {t('import.check')}
        </Button>,
        <Button key="import" type="primary" onClick={() => void send(false)} loading={busy === 'import'} disabled={!ready} data-testid="import-confirm">
          {t('import.confirm')}
        </Button>,
      ]}>
      <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>{t('import.hint')}</Typography.Paragraph>
      <Form layout="vertical">
        <Form.Item label={t('import.platform')}>
          <Select value={platform} onChange={(v: string) => { setPlatform(v); setReport(null); }} style={{ width: 200 }}
            options={ORDER_PLATFORMS.map((p) => ({ value: p, label: enumLabel(t, 'platform', p) }))} />
        </Form.Item>
        <Form.Item label={t('import.file')}>
          <Upload.Dragger accept=".csv,.xlsx,.txt" maxCount={1} multiple={false}
            fileList={file ? [{ uid: 'file', name: file.name, status: 'done', size: file.size }] : []}
            beforeUpload={(f) => { setFile(f); setReport(null); setError(null); return false; }}
            onRemove={() => { reset(); return true; }}>
            <p className="ant-upload-drag-icon"><InboxOutlined /></p>
            <p className="ant-upload-text">{t('import.choose')}</p>
          </Upload.Dragger>
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon title={error} />}
      {report && (
        <div data-testid="import-report">
          <Row gutter={16} style={{ marginBottom: 12 }}>
            <Col span={8}><Statistic title={t('import.rows')} value={report.rows} /></Col>
            <Col span={8}><Statistic title={t('import.orders')} value={report.orders} /></Col>
            <Col span={8}><Statistic title={t('import.errors')} value={report.errorCount} styles={{ content: { color: report.errorCount ? '#cf1322' : undefined } }} /></Col>
          </Row>
          {report.errorCount === 0
            ? <Alert type="success" showIcon title={t('import.ok', { n: report.orders })} />
            : (
              <>
                <Alert type="error" showIcon title={t('import.bad', { n: report.errorCount })}
                  description={report.errors.length < report.errorCount ? t('import.shown', { n: report.errors.length }) : undefined} style={{ marginBottom: 12 }} />
                <Table rowKey={(r) => `${r.line}-${r.field}-${r.message}`} size="small" dataSource={[...report.errors].sort((x, y) => x.line - y.line)}
                  pagination={report.errors.length > 10 ? { pageSize: 10, size: 'small' } : false}
                  columns={[
                    { title: t('import.line'), dataIndex: 'line', width: 70 },
                    {
                      title: t('import.field'), dataIndex: 'field', width: 150,
                      render: (v: string) => { const label = enumLabel(t, 'importField', v); return label === v ? <span className="kefu-mono">{v}</span> : <span title={v}>{label}</span>; },
                    },
                    { title: t('import.message'), dataIndex: 'message' },
                  ]} />
              </>
            )}
        </div>
      )}
    </Modal>
  );
}
