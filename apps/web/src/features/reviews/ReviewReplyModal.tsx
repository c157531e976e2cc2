import { CopyOutlined, RobotOutlined } from '@ant-design/icons';
import { Alert, App, Button, Input, Modal, Space, Spin, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useI18n } from '../../i18n.ts';
import { errorText } from '../../shared/errors.ts';
import { reviewsApi, type Review, type ReviewDraft, type ReviewRow } from './reviewsApi.ts';
import { Stars } from './ReviewTags.tsx';

/**
 * 回复评价: the draft (the LLM's when it is set, else the template for the complaint kind), the suggestions, a copy
 * button for the seller centre (kefu does not post to the marketplace) and "record reply", which stops the clock.
 */
export function ReviewReplyModal({ review, onClose }: { review: ReviewRow; onClose(saved?: Review): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [draft, setDraft] = useState<ReviewDraft | null>(null);
  const [text, setText] = useState('');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    reviewsApi.draft(review.id).then(
      (d) => {
        setDraft(d);
        setText((current) => current || d.text);
      },
      (err: unknown) => setError(errorText(t, err)),
    );
  }, [review.id, t]);

  async function copy() {
    await navigator.clipboard?.writeText(text).catch(() => {});
    message.success(t('reviews.replyModal.copied'));
  }

  async function save() {
    setSaving(true);
    setError(null);
    try {
      const { review: saved } = await reviewsApi.reply(review.id, { text, version: review.version });
      message.success(t('reviews.replyModal.saved'));
      onClose(saved);
    } catch (err) {
      setError(errorText(t, err));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Modal
      open
      title={t('reviews.replyModal.title')}
      width={640}
      onCancel={() => onClose()}
      footer={[
        <Button key="copy" icon={<CopyOutlined />} onClick={() => void copy()} disabled={!text.trim()} data-testid="review-copy">
          {t('reviews.replyModal.copy')}
        </Button>,
        <Button key="save" type="primary" loading={saving} disabled={!text.trim()} onClick={() => void save()} data-testid="review-reply-save">
          {t('reviews.replyModal.save')}
        </Button>,
      ]}
    >
      <div style={{ background: '#fafafa', borderLeft: '3px solid #d9d9d9', padding: '8px 12px' }}>
        <Space size={8} style={{ marginBottom: 4 }}>
          <Stars n={review.stars} />
          <Typography.Text type="secondary" className="kefu-small">
            {review.buyerNick} · {review.productTitle}
          </Typography.Text>
        </Space>
        <Typography.Paragraph style={{ marginBottom: 0 }}>{review.content}</Typography.Paragraph>
      </div>
      <Alert type="info" showIcon title={t('reviews.replyModal.hint')} style={{ margin: '12px 0' }} />
      {!draft && !error && <Spin size="small" />}
      {draft && (
        <Space size={[4, 4]} wrap style={{ marginBottom: 8 }}>
          <Typography.Text type="secondary" className="kefu-small">
            {t('reviews.replyModal.suggestions')}：
          </Typography.Text>
          {draft.source === 'llm' && (
            <Tag icon={<RobotOutlined />} color="geekblue" style={{ cursor: 'pointer' }} onClick={() => setText(draft.text)}>
              {t('reviews.replyModal.llm')}
            </Tag>
          )}
          {draft.suggestions.map((s) => (
            <Tag key={s.title + s.text} style={{ cursor: 'pointer' }} onClick={() => setText(s.text)}>
              {s.title}
            </Tag>
          ))}
        </Space>
      )}
      <Input.TextArea
        aria-label={t('reviews.replyModal.text')}
        value={text}
        onChange={(e) => setText(e.target.value)}
        autoSize={{ minRows: 4, maxRows: 8 }}
        maxLength={500}
        showCount
        data-testid="review-reply-text"
      />
      {error && <Alert type="error" showIcon title={error} style={{ marginTop: 16 }} />}
    </Modal>
  );
}
