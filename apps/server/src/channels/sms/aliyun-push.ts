import { z } from 'zod';
import type { SmsReceipt, SmsReply } from './receipts.ts';

/**
 * Aliyun's HTTP push (HTTP批量推送): a JSON array of delivery reports (SmsReport) or of replies (SmsUp), each POSTed
 * to the URL configured in the console; Aliyun wants `{"code":0,"msg":"接收成功"}` back, and pushes again otherwise.
 */
const Text = (max: number) => z.string().max(max);

const AliyunReport = z.object({
  phone_number: Text(32),
  send_time: Text(40).optional(),
  report_time: Text(40).optional(),
  success: z.boolean(),
  err_code: Text(64).default(''),
  err_msg: Text(500).default(''),
  sms_size: Text(8).optional(),
  biz_id: Text(128).optional(),
  out_id: Text(64).optional(),
});

const AliyunUp = z.object({
  phone_number: Text(32),
  send_time: Text(40).optional(),
  content: Text(2000),
  sign_name: Text(100).optional(),
  dest_code: Text(40).optional(),
  sequence_id: z.union([z.number().int().nonnegative(), z.string().regex(/^\d{1,30}$/)]),
});

export const AliyunReportPush = z.array(AliyunReport).min(1).max(1000);
export const AliyunUpPush = z.array(AliyunUp).min(1).max(1000);
export const AliyunPushAnswer = z.object({ code: z.literal(0), msg: z.string() });

export function receiptsOfAliyun(push: z.infer<typeof AliyunReportPush>): SmsReceipt[] {
  return push.map((r) => ({
    phone: r.phone_number,
    outId: r.out_id ?? null,
    providerId: r.biz_id ?? null,
    delivered: r.success,
    code: r.err_code,
    detail: r.err_msg,
  }));
}

export function repliesOfAliyun(push: z.infer<typeof AliyunUpPush>): SmsReply[] {
  return push.map((u) => ({
    sequenceId: String(u.sequence_id),
    phone: u.phone_number,
    content: u.content,
    sentAt: u.send_time ?? null,
  }));
}
