// The embed script: <script src="https://kefu.example/widget/widget.js" data-shop="nuancheng" async></script>
// Adds a floating "咨询客服" button that opens the chat panel, all inside a Shadow DOM.

import { ChatApp } from './app.ts';
import { browserStorage } from './env.ts';
import { pickLang, translator } from './i18n.ts';
import { declaredProduct, pageContext, parseProduct, type DeclaredProduct } from './page-context.ts';
import type { SignedIdentity } from './protocol.ts';
import { h, icon } from './ui/dom.ts';
import { CSS } from './ui/styles.ts';

interface KefuWidgetApi {
  open(): void;
  close(): void;
  /** The product this page shows (null: none); it goes with the shopper's next messages. */
  product(p: unknown): void;
}

/** `kefu('open')`, `kefu('close')`, `kefu('product', {id, name})`; calls made before the script loaded wait in `kefu.q`. */
type KefuCall = (command: string, arg?: unknown) => void;

declare global {
  interface Window {
    KefuWidget?: KefuWidgetApi;
    kefu?: KefuCall & { q?: ArrayLike<unknown>[] };
  }
}

function findScript(): HTMLScriptElement | null {
  const current = document.currentScript;
  if (current instanceof HTMLScriptElement && current.dataset.shop) return current;
  const all = document.querySelectorAll<HTMLScriptElement>('script[src*="widget.js"][data-shop]');
  return all[all.length - 1] ?? null;
}

function parseIdentity(text: string | undefined): SignedIdentity | null {
  if (!text) return null;
  try {
    const v = JSON.parse(text) as SignedIdentity;
    return v && typeof v === 'object' && typeof v.sig === 'string' ? v : null;
  } catch {
    console.warn('[kefu] data-identity is not valid JSON; ignored');
    return null;
  }
}

function mount(script: HTMLScriptElement): KefuWidgetApi | null {
  const shop = script.dataset.shop?.trim();
  if (!shop) {
    console.warn('[kefu] the widget script needs data-shop="<shop key>"');
    return null;
  }
  const origin = new URL(script.src, location.href).origin;
  const lang = pickLang(script.dataset.lang, new URLSearchParams(location.search).get('lang'));
  const t = translator(lang);

  const host = h('div', { id: 'kefu-widget' });
  const root = host.attachShadow({ mode: 'open' });
  const style = h('style', null, CSS);
  const wrap = h('div', { class: 'kf widget', lang: lang === 'en' ? 'en' : 'zh-CN' });
  const badge = h('span', { class: 'badge', hidden: true });
  const launcher = h(
    'button',
    { type: 'button', class: 'launcher', 'aria-label': t('launcher'), onclick: () => api.open() },
    icon('chat'),
    t('launcher'),
    badge,
  );
  const peek = h('div', { class: 'peek', hidden: true, role: 'status', onclick: () => api.open() });

  let app: ChatApp | null = null;
  let open = false;
  let product: DeclaredProduct | null | undefined; // undefined: not set by the API, read the document
  const page = () => pageContext(location.href, document.title, product === undefined ? declaredProduct(document, script) : product);
  const ensure = (): ChatApp => {
    if (app) return app;
    app = new ChatApp({
      origin,
      shop,
      lang,
      identity: parseIdentity(script.dataset.identity),
      mode: 'widget',
      storage: browserStorage(),
      page,
      onMinimize: () => api.close(),
      onUnread: (n, last) => {
        badge.hidden = n === 0 || open;
        badge.textContent = n > 99 ? '99+' : String(n);
        peek.hidden = n === 0 || open || !last;
        if (last && !peek.hidden) {
          const text = last.kind === 'image' ? `[${t('image')}]` : last.kind === 'order' ? `[${t('order')}] ${last.body}` : last.body;
          peek.replaceChildren(h('b', null, last.senderName || t('kefu')), h('span', null, text));
        }
      },
    });
    app.el.hidden = true;
    wrap.append(app.el);
    return app;
  };

  const api: KefuWidgetApi = {
    open() {
      const a = ensure();
      open = true;
      a.el.hidden = false;
      launcher.classList.add('open');
      badge.hidden = peek.hidden = true;
      a.setVisible(true);
    },
    close() {
      open = false;
      if (app) {
        app.el.hidden = true;
        app.setVisible(false);
      }
      launcher.classList.remove('open');
      launcher.focus();
    },
    product(p: unknown) {
      product = p === null ? null : (parseProduct(p) ?? product);
    },
  };

  wrap.append(peek, launcher);
  root.append(style, wrap);
  document.body.append(host);

  // Connect at once only if there is a conversation to follow or a message to deliver; otherwise on first open,
  // so a busy shop page does not open a socket for every visitor who never chats.
  const a = ensure();
  if (a.conn.hasSomethingToResume) a.connect();
  window.addEventListener('online', () => app?.conn.reconnectNow());
  return api;
}

function init(): void {
  if (window.KefuWidget) return; // embedded twice
  const script = findScript();
  if (!script) return;
  const start = () => {
    const api = mount(script);
    if (!api) return;
    window.KefuWidget = api;
    const queued = Array.from(window.kefu?.q ?? []);
    window.kefu = (command: string, arg?: unknown) => {
      if (command === 'open') api.open();
      else if (command === 'close') api.close();
      else if (command === 'product') api.product(arg);
    };
    for (const call of queued) window.kefu(String(call[0]), call[1]);
  };
  if (document.body) start();
  else document.addEventListener('DOMContentLoaded', start, { once: true });
}

init();
