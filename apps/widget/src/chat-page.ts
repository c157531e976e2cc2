// The full-page chat for links in SMS and e-mail: /webchat?shop=nuancheng (&lang=en).

import { ChatApp } from './app.ts';
import { browserStorage } from './env.ts';
import { pickLang, translator } from './i18n.ts';
import { h } from './ui/dom.ts';
import { CSS } from './ui/styles.ts';

const params = new URLSearchParams(location.search);
const shop = params.get('shop')?.trim();
const lang = pickLang(params.get('lang'));
const t = translator(lang);
document.documentElement.lang = lang === 'en' ? 'en' : 'zh-CN';
document.title = t('title');

const host = document.getElementById('kefu-chat') ?? document.body.appendChild(h('div', { id: 'kefu-chat' }));
const root = host.attachShadow({ mode: 'open' });
const wrap = h('div', { class: 'kf page', style: 'position:fixed;inset:0;display:flex;flex-direction:column' });
root.append(h('style', null, CSS), wrap);

if (!shop) {
  wrap.append(h('p', { class: 'fatal' }, t('noShop')));
} else {
  const app = new ChatApp({ origin: location.origin, shop, lang, identity: null, mode: 'page', storage: browserStorage() });
  wrap.append(app.el);
  app.setVisible(true);
  window.addEventListener('online', () => app.conn.reconnectNow());
}
