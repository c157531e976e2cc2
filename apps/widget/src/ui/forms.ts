// The small forms: send an order, rate, leave a message (proving who one is: identify-form.ts).

import type { Translate } from '../i18n.ts';
import { MAX_TEXT, normalizeOrderNo, parseContact } from '../validate.ts';
import { h } from './dom.ts';

export interface FormHandle {
  el: HTMLElement;
  error(message: string): void;
  busy(on: boolean): void;
  done(message: string, action?: { label: string; run(): void }): void;
  focus(): void;
}

export function makeForm(
  t: Translate,
  cls: string,
  title: string,
  sub: string | null,
  fields: HTMLElement[],
  submitLabel: string,
  onSubmit: () => void,
  secondary: { label: string; run(): void; link?: boolean } | null,
): FormHandle {
  const err = h('div', { class: 'ferr', role: 'alert' });
  const submit = h('button', { type: 'submit', class: 'btn pri' }, submitLabel);
  const form = h(
    'form',
    { novalidate: true },
    ...fields,
    err,
    h(
      'div',
      { class: 'acts' },
      secondary ? h('button', { type: 'button', class: secondary.link ? 'btn link' : 'btn', onclick: () => secondary.run() }, secondary.label) : null,
      submit,
    ),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    err.textContent = '';
    onSubmit();
  });
  const el = h(
    'div',
    { class: cls, role: cls === 'sheet' ? 'dialog' : null, 'aria-label': title },
    h('h3', null, title),
    sub ? h('p', { class: 'sub' }, sub) : null,
    form,
  );
  return {
    el,
    error: (m) => {
      err.textContent = m;
    },
    busy: (on) => {
      submit.disabled = on;
      submit.textContent = on ? t('submitted') : submitLabel;
    },
    done: (message, action) => {
      form.replaceChildren(
        h(
          'div',
          { class: 'done' },
          h('div', { class: 'big' }, '✓'),
          h('p', null, message),
          action ? h('button', { type: 'button', class: 'btn', onclick: () => action.run() }, action.label) : null,
        ),
      );
    },
    focus: () => (form.querySelector('[autofocus]') as HTMLElement | null)?.focus(),
  };
}

export function field(label: string, control: HTMLInputElement | HTMLTextAreaElement): HTMLElement {
  return h('label', { class: 'fl' }, h('span', null, label), control);
}

export function orderForm(t: Translate, send: (orderNo: string) => void, cancel: () => void): FormHandle {
  const no = h('input', { class: 'fi', name: 'orderNo', placeholder: t('orderNoPh'), autocomplete: 'off', maxlength: 40, autofocus: true });
  const f = makeForm(
    t,
    'sheet',
    t('orderTitle'),
    null,
    [field(t('orderNo'), no)],
    t('send'),
    () => {
      const v = normalizeOrderNo(no.value);
      if (!v) return f.error(t('orderNoBad'));
      send(v);
    },
    { label: t('cancel'), run: cancel },
  );
  return f;
}

export function ratingForm(t: Translate, send: (score: number, comment?: string) => void, skip: () => void, ending = false): FormHandle {
  let score = 0;
  const labels = t('rateLabels').split('|');
  const label = h('div', { class: 'slabel' });
  const stars = Array.from({ length: 5 }, (_, i) =>
    h(
      'button',
      {
        type: 'button',
        class: 'star',
        'aria-label': `${i + 1}`,
        title: labels[i] ?? '',
        onclick: () => {
          score = i + 1;
          paint(score);
        },
        onmouseenter: () => paint(i + 1),
        onmouseleave: () => paint(score),
      },
      '★',
    ),
  );
  function paint(n: number): void {
    stars.forEach((s, i) => s.classList.toggle('on', i < n));
    label.textContent = n ? (labels[n - 1] ?? '') : '';
  }
  const comment = h('textarea', { class: 'fi', name: 'comment', rows: 2, maxlength: 500, placeholder: t('rateComment') });
  const f = makeForm(
    t,
    'sheet',
    ending ? t('endTitle') : t('rateTitle'),
    null,
    [h('div', { class: 'stars' }, stars), label, h('label', { class: 'fl' }, comment)],
    t('submit'),
    () => {
      if (!score) return f.error(t('rateNeed'));
      f.busy(true);
      const c = comment.value.trim();
      send(score, c || undefined);
    },
    { label: ending ? t('endSkip') : t('skip'), run: skip },
  );
  return f;
}

export function leaveForm(
  t: Translate,
  send: (v: { body: string; name?: string; phone?: string; email?: string }) => void,
  chatInstead: () => void,
  known: { name?: string; phone?: string } = {},
): FormHandle {
  const body = h('textarea', { class: 'fi', name: 'body', rows: 4, maxlength: MAX_TEXT, placeholder: t('leaveBodyPh') });
  const name = h('input', { class: 'fi', name: 'name', placeholder: t('leaveNamePh'), autocomplete: 'name', maxlength: 40, value: known.name });
  const contact = h('input', {
    class: 'fi',
    name: 'contact',
    placeholder: t('leaveContactPh'),
    autocomplete: 'tel',
    maxlength: 80,
    value: known.phone,
  });
  const f = makeForm(
    t,
    'form',
    t('leaveTitle'),
    t('leaveIntro'),
    [field(t('leaveBody'), body), field(t('leaveName'), name), field(t('leaveContact'), contact)],
    t('submit'),
    () => {
      const b = body.value.trim();
      if (!b) return f.error(t('leaveNeedBody'));
      const c = parseContact(contact.value);
      if (!c) return f.error(t('leaveNeedContact'));
      f.busy(true);
      const n = name.value.trim();
      send({ body: b, ...(n ? { name: n } : {}), ...c });
    },
    { label: t('leaveChat'), run: chatInstead, link: true },
  );
  return f;
}
