/** The shopper's unsubscribe page (`/u/<token>`, linked from every outreach e-mail): plain HTML, no script. */

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const STYLE = `*{box-sizing:border-box}body{margin:0;font-family:-apple-system,"PingFang SC","Microsoft YaHei",system-ui,sans-serif;background:#f3f5f9;color:#1f2329}
main{max-width:480px;margin:0 auto;padding:24px 16px}.card{background:#fff;border-radius:12px;box-shadow:0 2px 12px rgba(0,0,0,.06);padding:24px 20px}
.shop{font-size:14px;color:#646a73;margin:0 0 4px}h1{font-size:20px;margin:0 0 16px}p{line-height:1.6}
button{width:100%;margin-top:12px;border:0;border-radius:8px;background:#1677ff;color:#fff;font-size:16px;padding:12px;cursor:pointer}
button.secondary{background:#fff;color:#1677ff;border:1px solid #1677ff}.done{text-align:center}.icon{font-size:48px;color:#52c41a}`;

function layout(shopName: string, body: string) {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex">
<title>退订${shopName ? ` · ${escape(shopName)}` : ''}</title><style>${STYLE}</style></head>
<body><main><div class="card"><p class="shop">${escape(shopName)}</p>${body}</div></main></body></html>`;
}

/** Asks what to stop (a mail client that opens links to check them must not unsubscribe anyone). */
export function unsubscribeForm(shopName: string, action: string): string {
  return layout(
    shopName,
    `<h1>退订消息</h1><p>您可以选择不再接收哪类消息。订单与售后的服务通知不受“营销消息”退订影响。</p>
<form method="post" action="${escape(action)}"><input type="hidden" name="scope" value="marketing"><button type="submit">不再接收营销消息（节日关怀、评价邀请）</button></form>
<form method="post" action="${escape(action)}"><input type="hidden" name="scope" value="email"><button class="secondary" type="submit">不再接收任何邮件</button></form>`,
  );
}

export function unsubscribeDone(shopName: string, scope: 'marketing' | 'email'): string {
  const what = scope === 'marketing' ? '营销消息' : '邮件';
  return layout(shopName, `<div class="done"><div class="icon">✓</div><h1>已退订</h1><p>您将不再收到我们的${what}。如需恢复，请联系客服。</p></div>`);
}

export function unsubscribeMissing(shopName: string): string {
  return layout(shopName, `<div class="done"><h1>链接无效</h1><p>退订链接无效，请检查链接是否完整，或联系客服为您办理。</p></div>`);
}
