// "Who are you": the shopper asks for a one-time code by phone, e-mail or order number, then types it in.
// Nothing about the customer is shown before the code is right; the server names only a masked destination the
// shopper typed, and for an order number not even whether a code went out.

import type { Translate } from '../i18n.ts';
import { isEmail, normalizeOrderNo, normalizePhone } from '../validate.ts';
import { h } from './dom.ts';
import { field, makeForm, type FormHandle } from './forms.ts';

export type CodeRequest = { phone: string } | { email: string } | { orderNo: string };
type Method = 'phone' | 'email' | 'orderNo';

export interface IdentifyFormHandle extends FormHandle {
  /** The code went out: show the second step, naming the (masked) destination — none for an order number. */
  askCode(to: string | undefined, via: 'sms' | 'email' | 'order'): void;
}

const RESEND_SECONDS = 60;

export function identifyForm(
  t: Translate,
  actions: { request(v: CodeRequest): void; verify(code: string): void; cancel(): void },
): IdentifyFormHandle {
  const host = h('div', { class: 'idf' });
  let current: FormHandle;
  let method: Method = 'phone';
  let lastRequest: CodeRequest | null = null;
  let countdown = 0;

  const input = h('input', { class: 'fi', name: 'contact', autocomplete: 'off', maxlength: 80, autofocus: true });
  const label = h('span');
  const tabs = (['phone', 'email', 'orderNo'] as const).map((m) =>
    h(
      'button',
      {
        type: 'button',
        class: 'segb',
        'data-method': m,
        onclick: () => choose(m),
      },
      t(m === 'phone' ? 'byPhone' : m === 'email' ? 'byEmail' : 'byOrder'),
    ),
  );
  function choose(m: Method): void {
    method = m;
    tabs.forEach((b) => b.classList.toggle('on', b.dataset.method === m));
    label.textContent = t(m === 'phone' ? 'phone' : m === 'email' ? 'email' : 'orderNo');
    input.type = m === 'phone' ? 'tel' : m === 'email' ? 'email' : 'text';
    input.placeholder = t(m === 'phone' ? 'phonePh' : m === 'email' ? 'emailPh' : 'orderNoPh');
    input.autocomplete = m === 'phone' ? 'tel' : m === 'email' ? 'email' : 'off';
    input.value = '';
    current?.error('');
    input.focus();
  }

  const first = makeForm(
    t,
    'sheet',
    t('identifyTitle'),
    t('identifyIntro'),
    [h('div', { class: 'seg', role: 'group' }, tabs), h('label', { class: 'fl' }, label, input)],
    t('getCode'),
    () => {
      const v = readInput();
      if (!v) return;
      lastRequest = v;
      first.busy(true);
      actions.request(v);
    },
    { label: t('cancel'), run: actions.cancel },
  );

  function readInput(): CodeRequest | null {
    const raw = input.value.trim();
    if (!raw) return (first.error(t('identifyNeed')), null);
    if (method === 'phone') {
      const phone = normalizePhone(raw);
      return phone ? { phone } : (first.error(t('phoneBad')), null);
    }
    if (method === 'email') return isEmail(raw) ? { email: raw } : (first.error(t('emailBad')), null);
    const orderNo = normalizeOrderNo(raw);
    return orderNo ? { orderNo } : (first.error(t('orderNoBad')), null);
  }

  function secondStep(to: string | undefined, via: 'sms' | 'email' | 'order'): FormHandle {
    const code = h('input', {
      class: 'fi code',
      name: 'code',
      inputmode: 'numeric',
      autocomplete: 'one-time-code',
      maxlength: 6,
      placeholder: t('codePh'),
      autofocus: true,
    });
    const resend = h(
      'button',
      {
        type: 'button',
        class: 'btn link',
        onclick: () => {
          if (!lastRequest || countdown > 0) return;
          form.busy(true);
          actions.request(lastRequest);
        },
      },
      t('resendCode'),
    );
    const tick = () => {
      resend.disabled = countdown > 0;
      resend.textContent = countdown > 0 ? t('resendIn', { n: countdown }) : t('resendCode');
      if (countdown > 0) {
        countdown--;
        window.setTimeout(tick, 1000);
      }
    };
    countdown = RESEND_SECONDS;
    const form = makeForm(
      t,
      'sheet',
      t('codeTitle'),
      t(via === 'order' ? 'codeSentOrder' : via === 'sms' ? 'codeSentSms' : 'codeSentEmail', { to: to ?? '' }),
      [field(t('code'), code), h('div', { class: 'resend' }, resend)],
      t('verify'),
      () => {
        const v = code.value.replace(/\s/g, '');
        if (!/^\d{6}$/.test(v)) return form.error(t('codeBad'));
        form.busy(true);
        actions.verify(v);
      },
      { label: t('changeMethod'), run: () => show(first), link: true },
    );
    tick();
    return form;
  }

  function show(f: FormHandle): void {
    current = f;
    host.replaceChildren(f.el);
    f.busy(false);
    f.focus();
  }

  show(first);
  choose('phone');
  return {
    el: host,
    error: (m) => current.error(m),
    busy: (on) => current.busy(on),
    done: (m, action) => current.done(m, action),
    focus: () => current.focus(),
    askCode: (to, via) => show(secondStep(to, via)),
  };
}
