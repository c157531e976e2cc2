// Over the panel: the toast (a short alert that goes away by itself) and the lightbox (an image, full size).

import type { Translate } from '../i18n.ts';
import { h, icon } from './dom.ts';

export class Toast {
  readonly el = h('div', { class: 'toast', hidden: true, role: 'alert' });
  private timer = 0;

  show(message: string): void {
    this.el.replaceChildren(icon('alert'), message);
    this.el.hidden = false;
    window.clearTimeout(this.timer);
    this.timer = window.setTimeout(() => {
      this.el.hidden = true;
    }, 3500);
  }
}

export class Lightbox {
  readonly el: HTMLElement;

  constructor(private readonly t: Translate) {
    this.el = h('div', {
      class: 'lb',
      hidden: true,
      onclick: () => {
        this.el.hidden = true;
      },
    });
  }

  show(url: string): void {
    this.el.replaceChildren(h('img', { src: url, alt: this.t('imageAlt') }));
    this.el.hidden = false;
  }
}
