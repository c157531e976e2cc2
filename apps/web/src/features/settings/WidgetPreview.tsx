import { ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Typography } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../i18n.ts';
import { embedCode } from './settingsApi.ts';

/**
 * The real widget on a sample page: the embed code in an iframe of its own (srcdoc, so the same origin and the same
 * content security policy as the app). It reloads when the code changes, e.g. the language.
 */
export function WidgetPreview({ shopKey, shopName, lang }: { shopKey: string; shopName: string; lang: 'zh' | 'en' }) {
  const { t } = useI18n();
  const [round, setRound] = useState(0);
  const code = embedCode(window.location.origin, shopKey, lang);
  const page = `<!doctype html><html lang="${lang === 'en' ? 'en' : 'zh-CN'}"><head><meta charset="utf-8"><style>
body{margin:0;font:14px/1.6 system-ui,"PingFang SC","Microsoft YaHei",sans-serif;color:#333;background:#f7f7f5}
header{background:#fff;border-bottom:1px solid #eee;padding:14px 20px;font-weight:600}
main{padding:20px;display:grid;grid-template-columns:repeat(2,1fr);gap:14px}
.item{background:#fff;border-radius:8px;height:120px;border:1px solid #eee}
</style></head><body><header>${escapeHtml(shopName)} · ${escapeHtml(t('settings.preview.page'))}</header>
<main><div class="item"></div><div class="item"></div><div class="item"></div><div class="item"></div></main>
${code}</body></html>`;

  return (
    <Card
      size="small"
      title={t('settings.preview.title')}
      extra={
        <Button size="small" type="text" icon={<ReloadOutlined />} onClick={() => setRound((n) => n + 1)}>
          {t('settings.preview.reload')}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary" className="kefu-small">
        {t('settings.preview.hint')}
      </Typography.Paragraph>
      <iframe
        key={`${lang}-${round}`}
        title={t('settings.preview.title')}
        srcDoc={page}
        className="kefu-widget-preview"
        data-testid="widget-preview"
      />
    </Card>
  );
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[ch] ?? ch);
}
