import { AlertOutlined, ArrowLeftOutlined, PhoneOutlined, RollbackOutlined, SendOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Descriptions, Empty, Flex, Row, Space, Tag, Timeline, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { enumLabel, useI18n } from '../../i18n.ts';
import { dateTime } from '../../shared/format.ts';
import { errorText } from '../../shared/errors.ts';
import { useAsync } from '../../shared/hooks.ts';
import { PageState } from '../../shared/PageState.tsx';
import { ReviewAfterSaleModal, ReviewEscalateModal } from './ReviewActionModals.tsx';
import { ReviewReplyModal } from './ReviewReplyModal.tsx';
import { reviewsApi, type Review } from './reviewsApi.ts';
import { ReplyClock, Stars, Verdict } from './ReviewTags.tsx';

type Dialog = 'reply' | 'afterSale' | 'escalate' | null;
const PLAIN_EVENTS = ['received', 'replied', 'reply_changed', 'invited'] as const;
type PlainEvent = (typeof PLAIN_EVENTS)[number];

/** One review: the text, its links, the shop's reply and everything done about it. */
export function ReviewPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const id = Number(useParams().id);
  const loaded = useAsync(() => reviewsApi.get(id), [id]);
  const [fresh, setFresh] = useState<Review | null>(null);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const review = fresh && fresh.id === id ? fresh : loaded.data?.review;
  if (!review) return <PageState loading={loaded.loading} error={loaded.error} onRetry={loaded.reload} />;

  const closed = (saved?: Review) => {
    setDialog(null);
    if (saved) setFresh(saved);
  };
  async function act(name: string, call: () => Promise<{ review: Review }>, done: string) {
    setBusy(name);
    try {
      setFresh((await call()).review);
      message.success(done);
    } catch (err) {
      message.error(errorText(t, err));
    } finally {
      setBusy(null);
    }
  }
  const team = (to: string) => t(to === 'pr' ? 'reviews.escalate.pr' : 'reviews.escalate.legal');
  const eventText = (kind: string, data: Record<string, unknown>) =>
    kind === 'after_sale' || kind === 'follow_up'
      ? t(`reviews.event.${kind}`, { id: String(data.afterSaleId ?? data.followUpId) })
      : kind === 'escalated'
        ? `${t('reviews.event.escalated', { team: team(String(data.to)) })} — ${String(data.reason)}`
        : PLAIN_EVENTS.includes(kind as PlainEvent)
          ? t(`reviews.event.${kind as PlainEvent}`)
          : kind;

  return (
    <div>
      <Link to="/reviews" className="kefu-small">
        <ArrowLeftOutlined /> {t('reviews.detail.back')}
      </Link>
      <Flex justify="space-between" align="center" wrap gap={8} style={{ margin: '8px 0 16px' }}>
        <Space size={12} wrap>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {enumLabel(t, 'platform', review.platform)} · {review.buyerNick || '—'}
          </Typography.Title>
          <Stars n={review.stars} />
          <Verdict review={review} />
        </Space>
        <ReplyClock review={review} />
      </Flex>
      <Row gutter={16}>
        <Col xs={24} lg={16}>
          <Card size="small" style={{ marginBottom: 16 }}>
            <Typography.Paragraph style={{ fontSize: 15 }} data-testid="review-content">
              {review.content}
            </Typography.Paragraph>
            {review.appended && (
              <Typography.Paragraph type="secondary">
                <Tag>{t('reviews.detail.appended')}</Tag>
                {review.appended}
              </Typography.Paragraph>
            )}
            <Typography.Text type="secondary" className="kefu-small">
              {dateTime(review.reviewedAt)} · {t(`reviews.detail.source.${review.source}`)} · {review.externalId}
            </Typography.Text>
          </Card>
          <Card
            size="small"
            title={t('reviews.detail.reply')}
            style={{ marginBottom: 16 }}
            extra={
              <Button size="small" type={review.reply ? 'default' : 'primary'} onClick={() => setDialog('reply')} data-testid="review-reply">
                {t('reviews.reply')}
              </Button>
            }
          >
            {review.reply ? (
              <>
                <Typography.Paragraph copyable data-testid="review-reply-shown">
                  {review.reply}
                </Typography.Paragraph>
                <Typography.Text type="secondary" className="kefu-small">
                  {t('reviews.detail.repliedBy', { name: review.repliedBy ?? '—', time: review.repliedAt ? dateTime(review.repliedAt) : '' })}
                </Typography.Text>
              </>
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('reviews.detail.noReply')} />
            )}
          </Card>
          <Card size="small" title={t('reviews.detail.timeline')}>
            <Timeline
              items={review.events.map((e) => ({
                children: (
                  <div>
                    <div>{eventText(e.kind, e.data)}</div>
                    <Typography.Text type="secondary" className="kefu-small">
                      {dateTime(e.createdAt)} {e.actorName ?? ''}
                    </Typography.Text>
                  </div>
                ),
              }))}
            />
          </Card>
        </Col>
        <Col xs={24} lg={8}>
          <Card size="small" title={t('reviews.detail.links')} style={{ marginBottom: 16 }}>
            <Descriptions column={1} size="small">
              <Descriptions.Item label={t('reviews.detail.order')}>
                {review.order ? <Link to={`/orders/${review.order.id}`}>{review.order.label}</Link> : (review.orderNo ?? '—')}
              </Descriptions.Item>
              <Descriptions.Item label={t('reviews.detail.customer')}>
                {review.customer ? <Link to={`/customers/${review.customer.id}`}>{review.customer.label}</Link> : '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('reviews.detail.product')}>
                {review.product ? <Link to={`/products/${review.product.id}`}>{review.product.label}</Link> : review.productTitle || '—'}
              </Descriptions.Item>
            </Descriptions>
          </Card>
          <Card size="small" title={t('reviews.detail.actions')}>
            <Space direction="vertical" style={{ width: '100%' }}>
              {review.afterSaleTicketId ? (
                <Link to={`/tickets/${review.afterSaleTicketId}`}>
                  <RollbackOutlined /> {t('reviews.detail.afterSaleOpen')} #{review.afterSaleId}
                </Link>
              ) : (
                <Button block icon={<RollbackOutlined />} disabled={!review.order} onClick={() => setDialog('afterSale')}>
                  {t('reviews.detail.afterSale')}
                </Button>
              )}
              {review.followUpId ? (
                <Typography.Text>
                  <PhoneOutlined /> {t('reviews.detail.followUpOpen', { id: review.followUpId })}
                </Typography.Text>
              ) : (
                <Button
                  block
                  icon={<PhoneOutlined />}
                  disabled={!review.customer}
                  loading={busy === 'followUp'}
                  onClick={() => void act('followUp', () => reviewsApi.followUp(review.id, review.version), t('reviews.followUp.done'))}
                >
                  {t('reviews.detail.followUp')}
                </Button>
              )}
              {review.escalation ? (
                <Typography.Text type="danger">
                  <AlertOutlined /> {t('reviews.detail.escalated', { team: team(review.escalation), reason: review.escalationReason ?? '' })}
                </Typography.Text>
              ) : (
                <Button block danger icon={<AlertOutlined />} onClick={() => setDialog('escalate')}>
                  {t('reviews.detail.escalate')}
                </Button>
              )}
              {review.invitedAt ? (
                <Typography.Text type="success">
                  <SendOutlined /> {t('reviews.detail.invited', { time: dateTime(review.invitedAt) })}
                </Typography.Text>
              ) : (
                <Tooltip title={review.inviteRefusal}>
                  <Button
                    block
                    icon={<SendOutlined />}
                    disabled={!!review.inviteRefusal || !review.customer}
                    loading={busy === 'invite'}
                    onClick={() => void act('invite', () => reviewsApi.invite(review.id, review.version), t('reviews.invite.done'))}
                  >
                    {t('reviews.detail.invite')}
                  </Button>
                </Tooltip>
              )}
            </Space>
          </Card>
        </Col>
      </Row>
      {dialog === 'reply' && <ReviewReplyModal review={review} onClose={closed} />}
      {dialog === 'afterSale' && <ReviewAfterSaleModal review={review} onClose={closed} />}
      {dialog === 'escalate' && <ReviewEscalateModal review={review} onClose={closed} />}
    </div>
  );
}
