import { InboxOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Select, Table, Upload } from 'antd';
import { useState, type ReactNode } from 'react';
import { request } from '../api.ts';
import { errorText } from './errors.ts';
import { enumLabel, useI18n } from '../i18n.ts';

interface RowError {
  line: number;
  field: string;
  message: string;
}
interface Report {
  dryRun: boolean;
  errorCount: number;
  errors: RowError[];
}

/**
 * The import flow kefu uses for spreadsheets (orders, FAQ): pick a file, check it (a dry run that lists every
 * bad row), then import it, all or nothing. `onDone` runs after an import without errors.
 */
export function useDryRunImport<R extends Report>(path: string, query: () => Record<string, string>, onDone: (report: R) => void) {
  const { t } = useI18n();
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<R | null>(null);
  const [busy, setBusy] = useState<'check' | 'import' | null>(null);
  const [error, setError] = useState<string | null>(null);

  function reset() {
    setFile(null);
    setReport(null);
    setError(null);
  }
  /** A new file or new options: what was checked no longer holds. */
  function changed(next?: File) {
    if (next) setFile(next);
    setReport(null);
    setError(null);
  }

  async function send(dryRun: boolean) {
    if (!file) {
      setError(t('import.noFile'));
      return;
    }
    setBusy(dryRun ? 'check' : 'import');
    setError(null);
    try {
      const body = new FormData();
      body.append('file', file, file.name);
      const result = await request<R>('POST', path, body, { ...query(), dryRun: String(dryRun) });
      setReport(result);
      if (!dryRun && result.errorCount === 0) onDone(result);
    } catch (err) {
      setReport(null);
      setError(errorText(t, err));
    } finally {
      setBusy(null);
    }
  }

  return { file, report, busy, error, reset, changed, send };
}

/**
 * An import dialog's buttons: cancel, 检查 (the dry run; the primary action until a clean check) and 导入 (enabled by a
 * clean check). `testId` names the two actions: `<testId>-check` and `<testId>-confirm`.
 */
export function importButtons({
  onCancel,
  send,
  busy,
  file,
  ready,
  testId,
}: {
  onCancel(): void;
  send(dryRun: boolean): Promise<void>;
  busy: 'check' | 'import' | null;
  file: File | null;
  ready: boolean;
  testId: string;
}): ReactNode[] {
  return [
    <CancelButton key="cancel" onClick={onCancel} />,
    <CheckButton
      key="check"
      onClick={() => void send(true)}
      loading={busy === 'check'}
      disabled={!file}
      primary={!ready}
      testId={`${testId}-check`}
    />,
    <ConfirmButton key="import" onClick={() => void send(false)} loading={busy === 'import'} disabled={!ready} testId={`${testId}-confirm`} />,
  ];
}

function CancelButton({ onClick }: { onClick(): void }) {
  const { t } = useI18n();
  return <Button onClick={onClick}>{t('common.cancel')}</Button>;
}

interface ActionProps {
  onClick(): void;
  loading: boolean;
  disabled: boolean;
  testId: string;
}

function CheckButton({ primary, testId, ...props }: ActionProps & { primary: boolean }) {
  const { t } = useI18n();
  return (
    <Button {...props} type={primary ? 'primary' : 'default'} data-testid={testId}>
      {t('import.check')}
    </Button>
  );
}

function ConfirmButton({ testId, ...props }: ActionProps) {
  const { t } = useI18n();
  return (
    <Button {...props} type="primary" data-testid={testId}>
      {t('import.confirm')}
    </Button>
  );
}

/** The file drop zone of an import dialog. */
/** The form of a marketplace export's import: which platform it came from, and the file. */
export function PlatformImportForm(props: {
  label: string;
  platforms: readonly string[];
  platform: string;
  onPlatform(p: string): void;
  file: File | null;
  onPick(f: File): void;
  onRemove(): void;
}) {
  const { t } = useI18n();
  return (
    <Form layout="vertical">
      <Form.Item label={props.label}>
        <Select
          value={props.platform}
          onChange={props.onPlatform}
          style={{ width: 200 }}
          options={props.platforms.map((p) => ({ value: p, label: enumLabel(t, 'platform', p) }))}
        />
      </Form.Item>
      <Form.Item label={t('import.file')}>
        <ImportDropzone accept=".csv,.xlsx,.txt" file={props.file} onPick={props.onPick} onRemove={props.onRemove} />
      </Form.Item>
    </Form>
  );
}

export function ImportDropzone({ accept, file, onPick, onRemove }: { accept: string; file: File | null; onPick(f: File): void; onRemove(): void }) {
  const { t } = useI18n();
  return (
    <Upload.Dragger
      accept={accept}
      maxCount={1}
      multiple={false}
      fileList={file ? [{ uid: 'file', name: file.name, status: 'done', size: file.size }] : []}
      beforeUpload={(f) => {
        onPick(f);
        return false;
      }}
      onRemove={() => {
        onRemove();
        return true;
      }}
    >
      <p className="ant-upload-drag-icon">
        <InboxOutlined />
      </p>
      <p className="ant-upload-text">{t('import.choose')}</p>
    </Upload.Dragger>
  );
}

/** Every bad row of a checked file, by line, with how to show a field and a reason. */
export function ImportErrors({
  report,
  field,
  reason = (m) => m,
  fieldWidth = 150,
}: {
  report: Report;
  field(v: string): ReactNode;
  reason?(m: string): ReactNode;
  fieldWidth?: number;
}) {
  const { t } = useI18n();
  return (
    <>
      <Alert
        type="error"
        showIcon
        title={t('import.bad', { n: report.errorCount })}
        description={report.errors.length < report.errorCount ? t('import.shown', { n: report.errors.length }) : undefined}
        style={{ marginBottom: 12 }}
      />
      <Table
        rowKey={(r) => `${r.line}-${r.field}-${r.message}`}
        size="small"
        dataSource={[...report.errors].sort((x, y) => x.line - y.line)}
        pagination={report.errors.length > 10 ? { pageSize: 10, size: 'small' } : false}
        columns={[
          { title: t('import.line'), dataIndex: 'line', width: 70 },
          { title: t('import.field'), dataIndex: 'field', width: fieldWidth, render: field },
          { title: t('import.message'), dataIndex: 'message', render: reason },
        ]}
      />
    </>
  );
}
