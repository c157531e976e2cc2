import { RobotOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Form, Row, Slider, Space, Switch, Tag, Typography } from 'antd';
import { useState } from 'react';
import { PageState } from '../../shared/PageState.tsx';
import { errorText } from '../../shared/errors.ts';
import { useAsync } from '../../shared/hooks.ts';
import { useI18n } from '../../i18n.ts';
import { settingsApi, type Shop } from './settingsApi.ts';

/** 智能客服: per shop, whether the bot answers and how sure it must be. */
export function BotTab() {
  const shops = useAsync(() => settingsApi.shops(), []);
  if (!shops.data) return <PageState loading={shops.loading} error={shops.error} onRetry={shops.reload} />;
  return (
    <Row gutter={[24, 24]}>
      {shops.data.map((shop) => (
        <Col key={shop.id} xs={24} xl={14}>
          <BotForm shop={shop} onSaved={shops.reload} />
        </Col>
      ))}
    </Row>
  );
}

function BotForm({ shop, onSaved }: { shop: Shop; onSaved(): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [enabled, setEnabled] = useState(shop.bot.enabled);
  const [threshold, setThreshold] = useState(shop.bot.threshold);
  const [busy, setBusy] = useState(false);

  async function save() {
    setBusy(true);
    try {
      await settingsApi.setBot(shop.id, { enabled, threshold });
      message.success(t('settings.bot.saved'));
      onSaved();
    } catch (err) {
      message.error(errorText(t, err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card
      size="small"
      title={
        <Space>
          <RobotOutlined />
          {t('settings.bot.title')} · {shop.name}
        </Space>
      }
      extra={<Tag color={shop.bot.enabled ? 'green' : 'default'}>{t(shop.bot.enabled ? 'settings.bot.on' : 'settings.bot.off')}</Tag>}
    >
      <Typography.Paragraph type="secondary" className="kefu-small">
        {t('settings.bot.hint')}
      </Typography.Paragraph>
      <Form layout="vertical" className="kefu-settings-form">
        <Form.Item label={t('settings.bot.enabled')}>
          <Switch checked={enabled} onChange={setEnabled} data-testid="bot-enabled" />
        </Form.Item>
        <Form.Item
          label={
            <Space>
              {t('settings.bot.threshold')}
              <Tag data-testid="bot-threshold-value">{threshold.toFixed(2)}</Tag>
            </Space>
          }
          extra={t('settings.bot.thresholdHint')}
        >
          <Slider
            min={0.3}
            max={0.99}
            step={0.01}
            value={threshold}
            onChange={setThreshold}
            marks={{ 0.3: '0.30', 0.6: '0.60', 0.99: '0.99' }}
            tooltip={{ formatter: (v) => v?.toFixed(2) }}
            style={{ maxWidth: 420 }}
            data-testid="bot-threshold"
          />
        </Form.Item>
        <Button type="primary" loading={busy} onClick={() => void save()} data-testid="bot-save">
          {t('common.save')}
        </Button>
      </Form>
    </Card>
  );
}
