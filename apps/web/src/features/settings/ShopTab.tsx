import { CopyOutlined, KeyOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Descriptions, Empty, Input, Modal, Row, Segmented, Space, Typography } from 'antd';
import { useState } from 'react';
import { PageState } from '../../shared/PageState.tsx';
import { errorText } from '../../shared/errors.ts';
import { useAsync, useDirectory } from '../../shared/hooks.ts';
import { useI18n } from '../../i18n.ts';
import { embedCode, settingsApi, type RotatedSecret, type Shop } from './settingsApi.ts';
import { WidgetPreview } from './WidgetPreview.tsx';

/** 店铺与插件: each shop's key, default group and identity secret, its embed code and the widget as shoppers see it. */
export function ShopTab() {
  const shops = useAsync(() => settingsApi.shops(), []);
  if (!shops.data) return <PageState loading={shops.loading} error={shops.error} onRetry={shops.reload} />;
  if (shops.data.length === 0) return <ShopEmpty />;
  return (
    <Space direction="vertical" size={24} style={{ width: '100%' }}>
      {shops.data.map((shop) => (
        <ShopSettings key={shop.id} shop={shop} onChanged={shops.reload} />
      ))}
    </Space>
  );
}

function ShopEmpty() {
  const { t } = useI18n();
  return <Empty description={t('settings.shop.none')} />;
}

function ShopSettings({ shop, onChanged }: { shop: Shop; onChanged(): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { groups } = useDirectory();
  const [lang, setLang] = useState<'zh' | 'en'>('zh');
  const [rotating, setRotating] = useState(false);
  const code = embedCode(window.location.origin, shop.key, lang);

  async function copy() {
    try {
      await navigator.clipboard.writeText(code);
      message.success(t('settings.embed.copied'));
    } catch {
      message.warning(t('settings.embed.copyFailed'));
    }
  }

  return (
    <Row gutter={[24, 24]}>
      <Col xs={24} xl={13}>
        <Descriptions
          bordered
          size="small"
          column={1}
          styles={{ label: { width: 150 } }}
          items={[
            { key: 'name', label: t('settings.shop.name'), children: <Typography.Text strong>{shop.name}</Typography.Text> },
            {
              key: 'key',
              label: t('settings.shop.key'),
              children: (
                <Space direction="vertical" size={0}>
                  <Typography.Text code copyable data-testid="shop-key">
                    {shop.key}
                  </Typography.Text>
                  <span className="kefu-small kefu-muted">{t('settings.shop.keyHint')}</span>
                </Space>
              ),
            },
            {
              key: 'group',
              label: t('settings.shop.defaultGroup'),
              children: groups.find((g) => g.id === shop.defaultGroupId)?.name ?? t('settings.shop.noGroup'),
            },
            {
              key: 'secret',
              label: t('settings.shop.secret'),
              children: (
                <Space direction="vertical" size={4}>
                  <Space>
                    <Typography.Text code>{shop.identitySecretHint}</Typography.Text>
                    <Button size="small" icon={<KeyOutlined />} onClick={() => setRotating(true)} data-testid="rotate-secret">
                      {t('settings.shop.rotate')}
                    </Button>
                  </Space>
                  <span className="kefu-small kefu-muted">{t('settings.shop.secretHint')}</span>
                </Space>
              ),
            },
          ]}
        />
        <Card
          size="small"
          title={t('settings.embed.title')}
          style={{ marginTop: 24 }}
          extra={
            <Space>
              <Segmented<'zh' | 'en'>
                size="small"
                value={lang}
                onChange={setLang}
                options={[
                  { value: 'zh', label: t('settings.embed.lang.zh') },
                  { value: 'en', label: t('settings.embed.lang.en') },
                ]}
                aria-label={t('settings.embed.lang')}
              />
              <Button type="primary" size="small" icon={<CopyOutlined />} onClick={() => void copy()} data-testid="embed-copy">
                {t('settings.embed.copy')}
              </Button>
            </Space>
          }
        >
          <Typography.Paragraph type="secondary" className="kefu-small">
            {t('settings.embed.hint')}
          </Typography.Paragraph>
          <pre className="kefu-embed-code" data-testid="embed-code">
            {code}
          </pre>
          <Typography.Paragraph type="secondary" className="kefu-small" style={{ marginBottom: 0 }}>
            {t('settings.embed.identity')}
          </Typography.Paragraph>
        </Card>
      </Col>
      <Col xs={24} xl={11}>
        <WidgetPreview shopKey={shop.key} shopName={shop.name} lang={lang} />
      </Col>
      <RotateSecret
        shop={shop}
        open={rotating}
        onClose={() => setRotating(false)}
        onRotated={() => {
          onChanged();
        }}
      />
    </Row>
  );
}

/** Rotating is confirmed first (the shop's site must change too); the new secret is shown this once. */
function RotateSecret({ shop, open, onClose, onRotated }: { shop: Shop; open: boolean; onClose(): void; onRotated(): void }) {
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [rotated, setRotated] = useState<RotatedSecret | null>(null);

  async function rotate() {
    setBusy(true);
    setError(null);
    try {
      setRotated(await settingsApi.rotateSecret(shop.id, reason.trim()));
      onRotated();
    } catch (err) {
      setError(errorText(t, err));
    } finally {
      setBusy(false);
    }
  }
  function close() {
    setRotated(null);
    setReason('');
    setError(null);
    onClose();
  }

  return (
    <Modal
      open={open}
      title={rotated ? t('settings.shop.rotated') : t('settings.shop.rotateTitle')}
      onCancel={close}
      maskClosable={!rotated}
      footer={
        rotated ? (
          <Button type="primary" onClick={close}>
            {t('settings.shop.done')}
          </Button>
        ) : (
          <Space>
            <Button onClick={close}>{t('common.cancel')}</Button>
            <Button danger type="primary" icon={<ReloadOutlined />} loading={busy} onClick={() => void rotate()} data-testid="rotate-confirm">
              {t('settings.shop.rotate')}
            </Button>
          </Space>
        )
      }
    >
      {rotated ? (
        <>
          <Typography.Paragraph>{t('settings.shop.newSecret')}</Typography.Paragraph>
          <Typography.Text code copyable data-testid="new-secret">
            {rotated.identitySecret}
          </Typography.Text>
        </>
      ) : (
        <>
          <Alert type="warning" showIcon title={t('settings.shop.rotateWarn')} style={{ marginBottom: 16 }} />
          <Typography.Text>{t('settings.shop.rotateReason')}</Typography.Text>
          <Input
            value={reason}
            maxLength={200}
            onChange={(e) => setReason(e.target.value)}
            placeholder={t('settings.shop.rotateReasonPlaceholder')}
            style={{ marginTop: 4 }}
          />
          {error && <Alert type="error" showIcon title={error} style={{ marginTop: 12 }} />}
        </>
      )}
    </Modal>
  );
}
