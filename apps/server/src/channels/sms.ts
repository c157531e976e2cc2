/**
 * Text messages to shoppers' phones. kefu has no gateway of its own yet: a deployment plugs one in as
 * `AppContext.sms`. Without one, anything that needs an SMS is refused (`sms_unavailable`).
 */
export interface SmsSender {
  send(phone: string, text: string): Promise<void>;
}

/**
 * Development and demo only (SMS_DEV_LOG=true): the "SMS" is written to the server log, so anyone who reads
 * the log can prove any phone number. Never in production.
 */
export function logSmsSender(log: { warn(obj: Record<string, unknown>, message: string): void }): SmsSender {
  return {
    async send(phone, text) {
      log.warn({ sms: { to: phone, text } }, 'SMS_DEV_LOG: this SMS was not sent, only logged (never use SMS_DEV_LOG in production)');
    },
  };
}
