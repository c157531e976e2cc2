import { forwardRef, useImperativeHandle, useLayoutEffect, useRef } from 'react';
import { segments, type Range } from './logic.ts';

export type Mark = Range & { tone: 'bad' | 'var' };

/** A plain textarea with marks drawn behind the text (forbidden phrases, unfilled placeholders); grows with its text. */
export const HighlightTextarea = forwardRef<
  HTMLTextAreaElement,
  React.TextareaHTMLAttributes<HTMLTextAreaElement> & {
    value: string;
    marks: Mark[];
    maxHeight?: number;
  }
>(function HighlightTextarea({ value, marks, maxHeight = 220, className, ...props }, outer) {
  const input = useRef<HTMLTextAreaElement>(null);
  const back = useRef<HTMLDivElement>(null);
  useImperativeHandle(outer, () => input.current!, []);

  useLayoutEffect(() => {
    const el = input.current;
    if (!el) return;
    el.style.height = 'auto';
    el.style.height = `${Math.min(maxHeight, el.scrollHeight + 2)}px`;
    if (back.current) back.current.scrollTop = el.scrollTop;
  }, [value, maxHeight]);

  return (
    <div className={`kefu-hl ${className ?? ''}`}>
      <div className="kefu-hl-back" ref={back} aria-hidden>
        {segments(value, marks).map((s, i) =>
          s.tone ? (
            <mark key={i} className={`kefu-hl-${s.tone}`}>
              {s.text}
            </mark>
          ) : (
            <span key={i}>{s.text}</span>
          ),
        )}
        {'\n\u00a0'}
      </div>
      <textarea
        ref={input}
        value={value}
        rows={3}
        spellCheck={false}
        className="kefu-hl-input"
        onScroll={(e) => {
          if (back.current) back.current.scrollTop = e.currentTarget.scrollTop;
        }}
        {...props}
      />
    </div>
  );
});
