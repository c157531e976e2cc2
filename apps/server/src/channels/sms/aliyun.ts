import { createHmac, randomUUID } from 'node:crypto';
import { SmsRefused, type SmsGateway, type SmsKind } from './gateway.ts';

/**
 * Aliyun's SMS service (dysmsapi, version 2017-05-25), the provider most Chinese shops use: SendSms over its RPC
 * protocol — form parameters signed with HMAC-SHA1 of the access key secret (signature version 1.0) — with the
 * shop's signature (SignName), the template of each kind and its variables (TemplateParam), and kefu's id as OutId.
 * Receipts and replies come back by Aliyun's HTTP push (see receipts.ts).
 */
export interface AliyunOptions {
  accessKeyId: string;
  accessKeySecret: string;
  /** https://dysmsapi.aliyuncs.com; a test points it at its own server. */
  endpoint: string;
  signName: string;
  templates: Record<SmsKind, string>;
  timeoutMs?: number;
}

/** Refusals that a later try can get past: flow control, the provider's own faults, an account out of credit. */
const TRANSIENT = /^(isv\.BUSINESS_LIMIT_CONTROL|isv\.DAY_LIMIT_CONTROL|isv\.AMOUNT_NOT_ENOUGH|isp\.|Throttling|ServiceUnavailable|InternalError)/;

/** RFC 3986 encoding as Aliyun's RPC signature wants it: `encodeURIComponent` plus ! ' ( ) *. */
export function percentEncode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** The request's canonical query (keys sorted) and its signature: base64 HMAC-SHA1 over `METHOD&%2F&query`. */
export function signRpc(method: string, params: Record<string, string>, secret: string): string {
  const canonical = Object.keys(params)
    .sort()
    .map((k) => `${percentEncode(k)}=${percentEncode(params[k]!)}`)
    .join('&');
  const toSign = `${method}&${percentEncode('/')}&${percentEncode(canonical)}`;
  return createHmac('sha1', `${secret}&`).update(toSign).digest('base64');
}

/** Aliyun's timestamp: ISO 8601 in UTC, to the second. */
const timestamp = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

export function aliyunSms(options: AliyunOptions): SmsGateway {
  const timeoutMs = options.timeoutMs ?? 10_000;
  return {
    provider: 'aliyun',
    async send(message, outId) {
      const params: Record<string, string> = {
        AccessKeyId: options.accessKeyId,
        Action: 'SendSms',
        Format: 'JSON',
        OutId: outId,
        PhoneNumbers: message.phone,
        RegionId: 'cn-hangzhou',
        SignName: options.signName,
        SignatureMethod: 'HMAC-SHA1',
        SignatureNonce: randomUUID(),
        SignatureVersion: '1.0',
        TemplateCode: options.templates[message.kind],
        TemplateParam: JSON.stringify(message.params),
        Timestamp: timestamp(new Date()),
        Version: '2017-05-25',
      };
      params.Signature = signRpc('POST', params, options.accessKeySecret);
      let res: Response;
      try {
        res = await fetch(`${options.endpoint.replace(/\/$/, '')}/`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams(params).toString(),
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (err) {
        throw new SmsRefused('network', err instanceof Error ? err.message : String(err), false);
      }
      const text = await res.text();
      let answer: { Code?: unknown; Message?: unknown; BizId?: unknown };
      try {
        answer = JSON.parse(text) as typeof answer;
      } catch {
        throw new SmsRefused(`http_${res.status}`, text.slice(0, 200), false);
      }
      const code = typeof answer.Code === 'string' ? answer.Code : `http_${res.status}`;
      if (code === 'OK') return { providerId: typeof answer.BizId === 'string' ? answer.BizId : null };
      const why = typeof answer.Message === 'string' ? answer.Message : text.slice(0, 200);
      throw new SmsRefused(code, why, !(TRANSIENT.test(code) || res.status >= 500));
    },
  };
}
