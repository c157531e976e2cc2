// The composer: the text box (Enter sends), the emoji picker, the tools (image, order number, identify) and
// the send button with a counter near the length limit.

import type { Translate } from '../i18n.ts';
import { MAX_TEXT } from '../validate.ts';
import { h, icon } from './dom.ts';
import { emojiPicker } from './emoji.ts';

export interface ComposerActions {
  send(): void;
  /** An image picked or pasted. */
  image(file: File): void;
  order(): void;
  identify(): void;
  /** The shopper typed something (not only spaces). */
  typing(): void;
}

export class Composer {
  readonly el: HTMLElement;
  readonly input: HTMLTextAreaElement;
  private readonly sendBtn: HTMLButtonElement;
  private readonly counter: HTMLElement;
  private readonly emoji: HTMLElement;
  private readonly emojiBtn: HTMLButtonElement;
  private readonly fileInput: HTMLInputElement;

  constructor(t: Translate, actions: ComposerActions) {
    this.input = h('textarea', { class: 'in', rows: 1, placeholder: t('placeholder'), 'aria-label': t('placeholder'), maxlength: MAX_TEXT + 200 });
    this.sendBtn = h('button', { type: 'button', class: 'sendb', disabled: true, onclick: () => actions.send() }, icon('send'), t('send'));
    this.counter = h('span', { class: 'count' });
    this.emoji = emojiPicker(t('emoji'), (e) => this.insertEmoji(e));
    this.emojiBtn = h(
      'button',
      { type: 'button', class: 'tb', title: t('emoji'), 'aria-label': t('emoji'), onclick: () => this.toggleEmoji() },
      icon('emoji'),
    );
    this.fileInput = h('input', {
      type: 'file',
      accept: 'image/*',
      hidden: true,
      onchange: () => {
        const f = this.fileInput.files?.[0];
        this.fileInput.value = '';
        if (f) actions.image(f);
      },
    });
    this.el = h(
      'div',
      { class: 'cp' },
      this.emoji,
      h(
        'div',
        { class: 'tools' },
        this.emojiBtn,
        h(
          'button',
          { type: 'button', class: 'tb', title: t('image'), 'aria-label': t('image'), onclick: () => this.fileInput.click() },
          icon('image'),
        ),
        h('button', { type: 'button', class: 'tb', title: t('orderTitle'), onclick: () => actions.order() }, icon('order'), t('order')),
        h('button', { type: 'button', class: 'tb', title: t('identifyTitle'), onclick: () => actions.identify() }, icon('user'), t('identifyBtn')),
        this.counter,
        this.fileInput,
      ),
      h('div', { class: 'inrow' }, this.input, this.sendBtn),
    );

    this.input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing && e.keyCode !== 229) {
        e.preventDefault();
        actions.send();
      }
    });
    this.input.addEventListener('input', () => {
      this.autosize();
      if (this.input.value.trim()) actions.typing();
    });
    this.input.addEventListener('paste', (e) => {
      const file = [...(e.clipboardData?.files ?? [])].find((f) => f.type.startsWith('image/'));
      if (file) {
        e.preventDefault();
        actions.image(file);
      }
    });
  }

  /** A click somewhere in the panel (its composed path): one outside the emoji picker and its button closes the picker. */
  clicked(path: EventTarget[]): void {
    if (!this.emoji.hidden && !path.includes(this.emoji) && !path.includes(this.emojiBtn)) this.hideEmoji();
  }

  hideEmoji(): void {
    this.emoji.hidden = true;
    this.emojiBtn.classList.remove('on');
  }

  /** Fits the text box to its text, enables the send button and shows the counter near the limit. */
  autosize(): void {
    const el = this.input;
    el.style.height = 'auto';
    el.style.height = `${Math.min(el.scrollHeight, 120)}px`;
    const n = el.value.trim().length;
    this.sendBtn.disabled = n === 0;
    this.counter.textContent = n > MAX_TEXT - 200 ? `${n}/${MAX_TEXT}` : '';
    this.counter.classList.toggle('over', n > MAX_TEXT);
  }

  private insertEmoji(e: string): void {
    const el = this.input;
    const start = el.selectionStart ?? el.value.length;
    const end = el.selectionEnd ?? start;
    el.value = el.value.slice(0, start) + e + el.value.slice(end);
    el.selectionStart = el.selectionEnd = start + e.length;
    this.hideEmoji();
    el.focus();
    this.autosize();
  }

  private toggleEmoji(): void {
    this.emoji.hidden = !this.emoji.hidden;
    this.emojiBtn.classList.toggle('on', !this.emoji.hidden);
  }
}
