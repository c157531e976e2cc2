// The header (title, where the chat stands, 转人工 / 结束 / 评价, minimize) and the banner under it
// (a fatal problem, reconnecting, the queue).

import type { ConnectionStatus } from '../connection.ts';
import type { Translate } from '../i18n.ts';
import { h, icon } from './dom.ts';

export type ConvState = 'none' | 'open' | 'bot' | 'queued' | 'active' | 'closed';

/** What the header and the banner show. */
export interface ChatStatus {
  /** The shop key is unknown: nothing to do but say so. */
  fatal: string | null;
  status: ConnectionStatus;
  hasBeenReady: boolean;
  conv: ConvState;
  agentName: string | null;
  agentsOnline: number | null;
  queuePos: number | null;
  /** 结束 while a conversation is open, 评价 for a closed one not rated yet, neither otherwise. */
  endButton: 'end' | 'rate' | null;
}

export interface HeaderActions {
  end(): void;
  toHuman(): void;
  /** Only in the embedded widget (the full page has nothing to minimize to). */
  minimize: (() => void) | null;
}

export class ChatHeader {
  readonly el: HTMLElement;
  readonly banner: HTMLElement;
  private readonly sub: HTMLElement;
  private readonly dot: HTMLElement;
  private readonly endBtn: HTMLButtonElement;
  private readonly humanBtn: HTMLButtonElement;

  constructor(
    private readonly t: Translate,
    actions: HeaderActions,
  ) {
    this.sub = h('span', null, t('connecting'));
    this.dot = h('i', { class: 'dot wait' });
    this.endBtn = h('button', { type: 'button', class: 'hd-b', hidden: true, onclick: () => actions.end() }, t('end'));
    this.humanBtn = h('button', { type: 'button', class: 'hd-b', hidden: true, onclick: () => actions.toHuman() }, t('toHuman'));
    const minimize = actions.minimize;
    this.el = h(
      'div',
      { class: 'hd' },
      h('div', { class: 'av' }, icon('headset')),
      h('div', { class: 'hd-t' }, h('b', null, t('title')), h('div', { class: 'hd-s', 'aria-live': 'polite' }, this.dot, this.sub)),
      this.humanBtn,
      this.endBtn,
      minimize
        ? h('button', { type: 'button', class: 'hd-i', title: t('minimize'), 'aria-label': t('minimize'), onclick: () => minimize() }, icon('down'))
        : null,
    );
    this.banner = h('div', { class: 'banner', hidden: true, role: 'status' });
  }

  render(s: ChatStatus): void {
    const t = this.t;
    const live = s.status === 'ready' || s.status === 'resuming';

    let sub: string;
    let dot = 'dot';
    if (s.fatal) {
      sub = t('offline');
      dot = 'dot off';
    } else if (!s.hasBeenReady) {
      sub = t('connecting');
      dot = 'dot wait';
    } else if (s.conv === 'active' && s.agentName) {
      sub = t('serving', { name: s.agentName });
    } else if (s.conv === 'bot') {
      sub = t('botServing');
    } else if (s.conv === 'queued') {
      sub = t('queued');
      dot = 'dot wait';
    } else if (s.agentsOnline === 0) {
      sub = t('offline');
      dot = 'dot off';
    } else {
      sub = t('online');
    }
    this.sub.textContent = sub;
    this.dot.className = dot;
    this.endBtn.hidden = s.endButton === null;
    this.endBtn.textContent = s.endButton === 'end' ? t('end') : t('rate');
    this.humanBtn.hidden = s.conv !== 'bot';

    // banner: a fatal problem, then reconnecting, then the queue
    if (s.fatal) {
      this.banner.className = 'banner warn';
      this.banner.replaceChildren(icon('alert'), s.fatal);
      this.banner.hidden = false;
    } else if (s.hasBeenReady && !live && s.status !== 'stopped') {
      this.banner.className = 'banner warn';
      this.banner.replaceChildren(h('i', { class: 'spin' }), t('reconnecting'));
      this.banner.hidden = false;
    } else if (s.conv === 'queued' && s.queuePos !== null) {
      const ahead = Math.max(0, s.queuePos - 1);
      this.banner.className = 'banner';
      this.banner.replaceChildren(h('i', { class: 'spin' }), ahead ? t('queue', { n: ahead }) : t('queueNext'));
      this.banner.hidden = false;
    } else {
      this.banner.hidden = true;
    }
  }
}
