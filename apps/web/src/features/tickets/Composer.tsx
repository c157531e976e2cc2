import { LockOutlined, PaperClipOutlined, SendOutlined } from '@ant-design/icons';
import { App, Button, Card, Flex, Input, Tabs, Upload } from 'antd';
import { useState } from 'react';
import { api } from '../../api.ts';
import { errorText } from '../../shared/errors.ts';
import { useI18n } from '../../i18n.ts';
import { forbiddenReplyText } from '../quality/qualityText.ts';

type Kind = 'reply' | 'note';

/** Reply to the customer or leave an internal note (yellow, staff only); attach files. */
export function Composer({ ticketId, canReply, onSent }: { ticketId: number; canReply: boolean; onSent(kind: Kind | 'attachment'): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [kind, setKind] = useState<Kind>(canReply ? 'reply' : 'note');
  const [drafts, setDrafts] = useState<Record<Kind, string>>({ reply: '', note: '' });
  const [sending, setSending] = useState(false);
  const [uploading, setUploading] = useState(false);
  const text = drafts[kind];

  async function send() {
    const body = text.trim();
    if (!body) {
      message.warning(t('composer.empty'));
      return;
    }
    setSending(true);
    try {
      await api.post(`/api/tickets/${ticketId}/messages`, { kind, body });
      setDrafts((d) => ({ ...d, [kind]: '' }));
      message.success(t(kind === 'reply' ? 'composer.sent' : 'composer.noted'));
      onSent(kind);
    } catch (err) {
      message.error(forbiddenReplyText(t, err) ?? errorText(t, err));
    } finally {
      setSending(false);
    }
  }

  async function upload(file: File) {
    setUploading(true);
    try {
      const form = new FormData();
      form.append('file', file, file.name);
      await api.post(`/api/tickets/${ticketId}/attachments`, form);
      message.success(t('composer.uploaded', { name: file.name }));
      onSent('attachment');
    } catch (err) {
      message.error(errorText(t, err));
    } finally {
      setUploading(false);
    }
  }

  const tabs = [
    ...(canReply
      ? [
          {
            key: 'reply',
            label: (
              <span>
                <SendOutlined /> {t('composer.reply')}
              </span>
            ),
          },
        ]
      : []),
    {
      key: 'note',
      label: (
        <span>
          <LockOutlined /> {t('composer.note')}
        </span>
      ),
    },
  ];

  return (
    <Card size="small" styles={{ body: { paddingTop: 0 } }}>
      <Tabs activeKey={kind} onChange={(k) => setKind(k as Kind)} items={tabs} />
      <div className={kind === 'note' ? 'kefu-composer-note' : undefined}>
        <Input.TextArea
          data-testid="composer-input"
          value={text}
          onChange={(e) => setDrafts((d) => ({ ...d, [kind]: e.target.value }))}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void send();
          }}
          placeholder={t(kind === 'reply' ? 'composer.replyPlaceholder' : 'composer.notePlaceholder')}
          autoSize={{ minRows: 3, maxRows: 10 }}
          maxLength={20000}
        />
      </div>
      <Flex justify="space-between" align="center" style={{ marginTop: 10 }}>
        <Upload
          showUploadList={false}
          beforeUpload={(file) => {
            void upload(file);
            return false;
          }}
        >
          <Button icon={<PaperClipOutlined />} loading={uploading}>
            {t('composer.attach')}
          </Button>
        </Upload>
        <Button
          data-testid="composer-send"
          type="primary"
          icon={kind === 'reply' ? <SendOutlined /> : <LockOutlined />}
          loading={sending}
          onClick={() => void send()}
          style={kind === 'note' ? { background: '#d48806' } : undefined}
        >
          {t(kind === 'reply' ? 'composer.sendReply' : 'composer.saveNote')}
        </Button>
      </Flex>
    </Card>
  );
}
