import { describe, expect, it } from 'vitest';
import { findUnstorableText, isSafeLink, unstorableText } from '../src/index.ts';

describe('text that cannot be stored', () => {
  it('refuses NUL and lone surrogates, keeps real characters', () => {
    expect(unstorableText('a\u0000b')).toMatch(/NUL/);
    expect(unstorableText('a\uD800b')).toMatch(/surrogate/);
    expect(unstorableText('a\uDC00')).toMatch(/surrogate/);
    expect(unstorableText('\uDFFF\uD800')).toMatch(/surrogate/);
    expect(unstorableText('表情😀 ok\t\n')).toBeNull();
  });
  it('names the path of the first bad string, keys included', () => {
    expect(findUnstorableText({ a: [1, 'ok', { b: 'x\u0000' }] })).toEqual({ path: ['a', '2', 'b'], reason: expect.stringMatching(/NUL/) });
    expect(findUnstorableText({ specs: { ['k\uD800']: 'v' } })?.path).toEqual(['specs', 'k?']);
    expect(findUnstorableText('\u0000')?.path).toEqual([]);
    expect(findUnstorableText({ a: 'ok', n: 1, d: null, t: true })).toBeNull();
  });
  it('walks a very deep value without overflowing the stack', () => {
    let deep: unknown = 'bottom\u0000';
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(findUnstorableText(deep)?.path).toHaveLength(200_000);
  });
});

describe('safe links', () => {
  it('allows http(s) URLs and site paths', () => {
    for (const ok of ['https://img.example.com/a.png', 'http://x.cn/b.jpg?x=1', '/api/chat/files/abc', '/img/a b'.replace(' ', '%20')])
      expect(isSafeLink(ok), ok).toBe(true);
  });
  it('refuses script, data and protocol-relative links', () => {
    for (const bad of [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      ' javascript:alert(1)',
      'java\nscript:alert(1)',
      'data:image/png;base64,AA',
      '//evil.com/a.png',
      '/\\evil.com',
      'vbscript:x',
      'file:///etc/passwd',
      'https://',
      'img.png',
      '',
    ])
      expect(isSafeLink(bad), bad).toBe(false);
  });
});
