/**
 * Text messages to shoppers' phones. In China a business SMS is a registered template (模板) with variables, sent
 * under the shop's registered signature (签名); kefu names what it sends by kind and hands the provider the
 * variables, keeping its own rendering (`text`) for the log and the timeline.
 */
export type SmsKind = 'verification' | 'notice' | 'reply';

export interface SmsMessage {
  phone: string;
  kind: SmsKind;
  /** The template's variables: verification `{ code }`, notice and reply `{ content }`. */
  params: Record<string, string>;
  /** What the shopper reads, as kefu renders it. */
  text: string;
}

export interface SmsSent {
  /** The provider's id of the send (Aliyun's BizId), which its delivery receipt names. */
  providerId: string | null;
}

/** The provider refused or could not take the message; `permanent` means sending it again cannot help. */
export class SmsRefused extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly permanent: boolean,
  ) {
    super(`${code}: ${message}`);
  }
}

/** A provider's adapter. `outId` is kefu's id of the send; the provider hands it back in the receipt. */
export interface SmsGateway {
  readonly provider: string;
  send(message: SmsMessage, outId: string): Promise<SmsSent>;
}

/**
 * Development and demo only (SMS_DEV_LOG=true): the "SMS" is written to the server log, so anyone who reads
 * the log can prove any phone number. Never in production.
 */
export function logSmsGateway(log: { warn(obj: Record<string, unknown>, message: string): void }): SmsGateway {
  return {
    provider: 'dev-log',
    async send(message) {
      log.warn(
        { sms: { to: message.phone, text: message.text } },
        'SMS_DEV_LOG: this SMS was not sent, only logged (never use SMS_DEV_LOG in production)',
      );
      return { providerId: null };
    },
  };
}
