import { SURVEY_COMMENT_MAX } from '@kefu/domain';

export type PageLang = 'zh' | 'en';

const TEXT = {
  zh: {
    title: '服务满意度评价',
    ask: {
      ticket: '您的工单已处理完毕，您对本次服务满意吗？',
      after_sale: '您的售后已办结，您对本次服务满意吗？',
      conversation: '您对本次咨询满意吗？',
    },
    stars: ['非常不满意', '不满意', '一般', '满意', '非常满意'],
    scale: '1 星 非常不满意 — 5 星 非常满意',
    comment: '还有什么想对我们说的吗？（选填）',
    submit: '提交评价',
    thanks: '感谢您的评价！',
    thanksMore: '您的反馈已收到，我们会继续努力。',
    answered: '这份评价已经提交过了，感谢您的反馈。',
    expired: '这份评价已过期，无法再提交。如仍有问题，欢迎随时联系客服。',
    missing: '评价链接无效，请检查链接是否完整。',
    pickScore: '请选择 1–5 颗星',
    tooLong: `留言最多 ${SURVEY_COMMENT_MAX} 字`,
    until: '有效期至',
    other: 'English',
  },
  en: {
    title: 'How did we do?',
    ask: {
      ticket: 'Your ticket has been solved. How satisfied are you with our service?',
      after_sale: 'Your after-sales request is complete. How satisfied are you with our service?',
      conversation: 'How satisfied are you with this chat?',
    },
    stars: ['Very dissatisfied', 'Dissatisfied', 'Neutral', 'Satisfied', 'Very satisfied'],
    scale: '1 star very dissatisfied — 5 stars very satisfied',
    comment: 'Anything else you would like to tell us? (optional)',
    submit: 'Send',
    thanks: 'Thank you for your feedback!',
    thanksMore: 'We have received it and will keep improving.',
    answered: 'This survey was already answered. Thank you for your feedback.',
    expired: 'This survey has expired and can no longer be answered. Contact us any time if you still need help.',
    missing: 'This survey link is not valid. Please check that it is complete.',
    pickScore: 'Please choose 1 to 5 stars',
    tooLong: `At most ${SURVEY_COMMENT_MAX} characters`,
    until: 'Open until',
    other: '中文',
  },
} as const;

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const STYLE = `
*{box-sizing:border-box}body{margin:0;font-family:-apple-system,"PingFang SC","Microsoft YaHei",system-ui,sans-serif;background:#f3f5f9;color:#1f2329}
main{max-width:480px;margin:0 auto;padding:24px 16px}
.card{background:#fff;border-radius:12px;box-shadow:0 2px 12px rgba(0,0,0,.06);padding:24px 20px}
.shop{font-size:14px;color:#646a73;margin:0 0 4px}.lang{float:right;font-size:13px;color:#1677ff;text-decoration:none}
h1{font-size:20px;margin:0 0 16px}p{line-height:1.6}
.stars{display:flex;flex-direction:row-reverse;justify-content:center;gap:6px;margin:16px 0 4px}
.stars input{position:absolute;opacity:0;width:1px;height:1px}
.stars label{font-size:42px;line-height:1;color:#d9d9d9;cursor:pointer;padding:2px}
.stars input:checked~label,.stars label:hover,.stars label:hover~label{color:#fadb14}
.stars input:focus-visible+label{outline:2px solid #1677ff;border-radius:4px}
.hint{text-align:center;color:#8f959e;font-size:13px;min-height:18px;margin:0 0 12px}
textarea{width:100%;min-height:96px;border:1px solid #d0d3d6;border-radius:8px;padding:10px;font:inherit;font-size:15px;resize:vertical}
button{width:100%;margin-top:16px;border:0;border-radius:8px;background:#1677ff;color:#fff;font-size:16px;padding:12px;cursor:pointer}
.error{background:#fff2f0;border:1px solid #ffccc7;color:#cf1322;border-radius:8px;padding:8px 12px;font-size:14px}
.done{text-align:center}.done .icon{font-size:48px;color:#52c41a}.muted{color:#8f959e;font-size:13px}`;

function layout(lang: PageLang, shopName: string, body: string, switchHref: string | null) {
  const t = TEXT[lang];
  const other = switchHref ? `<a class="lang" href="${escape(switchHref)}">${t.other}</a>` : '';
  return `<!doctype html><html lang="${lang === 'zh' ? 'zh-CN' : 'en'}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex">
<title>${escape(t.title)}${shopName ? ` · ${escape(shopName)}` : ''}</title><style>${STYLE}</style></head>
<body><main><div class="card">${other}<p class="shop">${escape(shopName)}</p>${body}</div></main></body></html>`;
}

export interface FormView {
  kind: 'ticket' | 'after_sale' | 'conversation';
  action: string;
  expiresAt: Date | null;
  error?: 'score' | 'comment';
  comment?: string;
}

const chinaTime = (at: Date) => new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');

export function formPage(lang: PageLang, shopName: string, view: FormView, switchHref: string): string {
  const t = TEXT[lang];
  const stars = [5, 4, 3, 2, 1]
    .map(
      (n) =>
        `<input type="radio" id="s${n}" name="score" value="${n}" required><label for="s${n}" title="${escape(t.stars[n - 1]!)}" aria-label="${n} - ${escape(t.stars[n - 1]!)}">★</label>`,
    )
    .join('');
  const error = view.error ? `<p class="error" role="alert">${view.error === 'score' ? t.pickScore : t.tooLong}</p>` : '';
  const body = `<h1>${t.title}</h1><p>${t.ask[view.kind]}</p>${error}
<form method="post" action="${escape(view.action)}"><div class="stars" role="radiogroup">${stars}</div>
<p class="hint">${t.scale}</p>
<label for="comment">${t.comment}</label><textarea id="comment" name="comment" maxlength="${SURVEY_COMMENT_MAX}">${escape(view.comment ?? '')}</textarea>
<button type="submit">${t.submit}</button></form>
${view.expiresAt ? `<p class="muted">${t.until} ${chinaTime(view.expiresAt)}</p>` : ''}`;
  return layout(lang, shopName, body, switchHref);
}

export function endPage(lang: PageLang, shopName: string, what: 'thanks' | 'answered' | 'expired' | 'missing', switchHref: string | null): string {
  const t = TEXT[lang];
  const body =
    what === 'thanks'
      ? `<div class="done"><div class="icon">✓</div><h1>${t.thanks}</h1><p>${t.thanksMore}</p></div>`
      : `<div class="done"><h1>${t.title}</h1><p>${t[what]}</p></div>`;
  return layout(lang, shopName, body, switchHref);
}
