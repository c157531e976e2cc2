import { describe, expect, it } from 'vitest';
import {
  afterQuietHours,
  inQuietHours,
  NOTIFICATION_KEYS,
  NOTIFICATION_VARIABLES,
  outreachSendAt,
  parseClock,
  formatClock,
  renderTemplate,
  TemplateError,
  templateVariables,
  validateTemplate,
} from '../src/index.ts';

describe('message templates', () => {
  it('fills {{variables}}, spaces inside the braces allowed', () => {
    expect(
      renderTemplate('亲，订单 {{orderNo}} 已由{{ courier }}发出，运单号 {{trackingNo}}', { orderNo: 'A1', courier: '顺丰', trackingNo: 'SF1' }),
    ).toBe('亲，订单 A1 已由顺丰发出，运单号 SF1');
    expect(renderTemplate('共 {{n}} 件', { n: 0 })).toBe('共 0 件');
    expect(renderTemplate('没有变量', {})).toBe('没有变量');
  });

  it('throws a typed error for a variable without a value, never leaving a gap', () => {
    const attempt = () => renderTemplate('您好 {{name}}，{{orderNo}}', { name: '小陈', orderNo: null });
    expect(attempt).toThrow(TemplateError);
    try {
      attempt();
    } catch (err) {
      expect(err).toMatchObject({ code: 'missing_variable', variable: 'orderNo' });
    }
    expect(() => renderTemplate('{{toString}}', {})).toThrow(TemplateError);
  });

  it('lists the variables used, each once', () => {
    expect(templateVariables('{{a}} {{b}} {{ a }}')).toEqual(['a', 'b']);
  });

  it('checks a template at save time against the variables its event offers', () => {
    const allowed = NOTIFICATION_VARIABLES['order.shipped'];
    expect(validateTemplate('{{orderNo}} {{trackingNo}} {{courier}}', allowed)).toBeNull();
    expect(validateTemplate('{{orderNo}} {{reason}}', allowed)).toMatchObject({ code: 'unknown_variable', variable: 'reason' });
    expect(validateTemplate('{{orderNo', allowed)).toMatchObject({ code: 'malformed' });
    expect(validateTemplate('{{ }}', allowed)).toMatchObject({ code: 'malformed' });
    expect(validateTemplate('orderNo}}', allowed)).toMatchObject({ code: 'malformed' });
    expect(validateTemplate('{{1x}}', allowed)).toMatchObject({ code: 'malformed' });
    for (const key of NOTIFICATION_KEYS) expect(NOTIFICATION_VARIABLES[key]).toContain('orderNo');
  });
});

describe('quiet hours (China time)', () => {
  const q = { startMinute: 21 * 60, endMinute: 9 * 60 };
  const cst = (iso: string) => new Date(`${iso}+08:00`);

  it('spans midnight: 21:00 to 09:00', () => {
    expect(inQuietHours(cst('2026-11-30T20:59:00'), q)).toBe(false);
    expect(inQuietHours(cst('2026-11-30T21:00:00'), q)).toBe(true);
    expect(inQuietHours(cst('2026-12-01T03:00:00'), q)).toBe(true);
    expect(inQuietHours(cst('2026-12-01T09:00:00'), q)).toBe(false);
    expect(inQuietHours(cst('2026-12-01T03:00:00'), { startMinute: 600, endMinute: 600 })).toBe(false);
    expect(inQuietHours(cst('2026-12-01T12:30:00'), { startMinute: 12 * 60, endMinute: 14 * 60 })).toBe(true);
  });

  it('moves a send to the end of the window, the next morning when it is evening', () => {
    expect(afterQuietHours(cst('2026-11-30T22:15:30'), q)).toEqual(cst('2026-12-01T09:00:00'));
    expect(afterQuietHours(cst('2026-12-01T06:10:00'), q)).toEqual(cst('2026-12-01T09:00:00'));
    expect(afterQuietHours(cst('2026-12-01T10:00:00'), q)).toEqual(cst('2026-12-01T10:00:00'));
  });

  it('does not hold back notifications the shopper is waiting for', () => {
    const night = cst('2026-11-30T23:00:00');
    expect(outreachSendAt('notification', night, q)).toEqual(night);
    expect(outreachSendAt('care', night, q)).toEqual(cst('2026-12-01T09:00:00'));
    expect(outreachSendAt('survey', night, q)).toEqual(cst('2026-12-01T09:00:00'));
  });

  it('reads and writes HH:MM', () => {
    expect(parseClock('21:00')).toBe(1260);
    expect(parseClock('24:00')).toBeNull();
    expect(parseClock('9:00')).toBeNull();
    expect(formatClock(540)).toBe('09:00');
  });
});
