// A small picker of common emoji.

import { h } from './dom.ts';

export const EMOJI = [
  '😊',
  '😀',
  '😂',
  '🤣',
  '😍',
  '🥰',
  '😘',
  '😉',
  '😎',
  '🤔',
  '😅',
  '😳',
  '😭',
  '😢',
  '😡',
  '😱',
  '😴',
  '🙂',
  '👍',
  '👌',
  '🙏',
  '👏',
  '💪',
  '🤝',
  '❤️',
  '🌹',
  '🎉',
  '🎁',
  '🔥',
  '💯',
  '✅',
  '❓',
];

export function emojiPicker(label: string, pick: (emoji: string) => void): HTMLElement {
  return h(
    'div',
    { class: 'emo', role: 'listbox', 'aria-label': label, hidden: true },
    EMOJI.map((e) => h('button', { type: 'button', role: 'option', onclick: () => pick(e) }, e)),
  );
}
