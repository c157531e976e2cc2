import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerError } from 'smtp-server';

/**
 * The e-mail-in channel's own SMTP listener: the shop's MX (or a relay in front of it) delivers the service
 * mailbox's mail here. It decides only what SMTP can decide — is the recipient ours, is the message too big,
 * is the sender flooding us — and hands the raw bytes on. Parsing and ticketing happen in `onMail`.
 *
 * Replies follow "acked means stored": the 250 after DATA is sent only once `onMail` has resolved, and a
 * failure there is a 451, so the sending MTA keeps the message and retries instead of it being lost.
 */

export interface SmtpEnvelope {
  /** MAIL FROM, `''` for the null sender of a bounce. */
  from: string;
  to: string[];
  remoteAddress: string;
}

export interface SmtpEndpointOptions {
  host: string;
  /** 0 picks a free port; the one listened on is returned. */
  port: number;
  /** Whether a RCPT TO address (passed lower-cased) is one of the mailboxes kefu serves. */
  acceptRecipients: (address: string) => boolean;
  /** Largest message accepted, in bytes: advertised with SIZE and enforced with a 552. */
  maxBytes: number;
  /** Mail transactions one sender (MAIL FROM, lower-cased) may start in any 60 seconds before getting a 451. */
  ratePerSenderPerMinute: number;
  onMail: (raw: Buffer, envelope: SmtpEnvelope) => Promise<void>;
  log: { warn(obj: object, msg: string): void; error(obj: object, msg: string): void };
}

export interface SmtpEndpoint {
  port: number;
  close(): Promise<void>;
}

const WINDOW_MS = 60_000;

const smtpError = (responseCode: number, message: string): SMTPServerError => Object.assign(new Error(message), { responseCode });

/**
 * A sliding one-minute window of transaction start times per sender. In memory, so it is per process and
 * forgets on restart — enough to stop one runaway autoresponder or script, not a distributed flood.
 */
function senderRateLimiter(perMinute: number, now: () => number = Date.now) {
  const seen = new Map<string, number[]>();
  return {
    /** Records an attempt and says whether it is within the rate. */
    take(sender: string): boolean {
      const t = now();
      const recent = (seen.get(sender) ?? []).filter((at) => t - at < WINDOW_MS);
      const allowed = recent.length < perMinute;
      if (allowed) recent.push(t);
      seen.set(sender, recent);
      return allowed;
    },
    /** Drops senders with no attempt in the window, so the map does not grow with every address ever seen. */
    sweep(): void {
      const t = now();
      for (const [sender, times] of seen) if (!times.some((at) => t - at < WINDOW_MS)) seen.delete(sender);
    },
  };
}

/** Reads the DATA stream, keeping at most `maxBytes` (the rest is drained, not buffered). */
function collect(stream: SMTPServerDataStream, maxBytes: number): Promise<{ raw: Buffer; oversized: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let kept = 0;
    stream.on('data', (chunk: Buffer) => {
      if (kept + chunk.length <= maxBytes) {
        chunks.push(chunk);
        kept += chunk.length;
      } else kept = maxBytes + 1;
    });
    stream.once('error', reject);
    stream.once('end', () => resolve({ raw: Buffer.concat(chunks), oversized: stream.sizeExceeded || kept > maxBytes }));
  });
}

/** Starts listening; resolves once the port is bound. */
export function startSmtpEndpoint(options: SmtpEndpointOptions): Promise<SmtpEndpoint> {
  const { log, maxBytes } = options;
  const limiter = senderRateLimiter(options.ratePerSenderPerMinute);

  const server = new SMTPServer({
    secure: false,
    authOptional: true,
    // No AUTH: this is an MX-style endpoint, senders are strangers. No STARTTLS until kefu has a certificate for it.
    disabledCommands: ['AUTH', 'STARTTLS'],
    size: maxBytes,
    rejectOversized: true,
    disableReverseLookup: true,
    logger: false,
    onMailFrom(address, session, callback) {
      const sender = address.address.trim().toLowerCase();
      if (limiter.take(sender)) return callback();
      log.warn({ sender, remoteAddress: session.remoteAddress }, 'email-in: sender over its rate, deferred');
      callback(smtpError(451, 'Too many messages from this sender, try again later'));
    },
    onRcptTo(address, session, callback) {
      const recipient = address.address.trim().toLowerCase();
      let accepted: boolean;
      try {
        accepted = options.acceptRecipients(recipient);
      } catch (err) {
        log.error({ err, recipient }, 'email-in: recipient check failed');
        return callback(smtpError(451, 'Temporary failure checking the recipient, try again later'));
      }
      if (accepted) return callback();
      log.warn({ recipient, remoteAddress: session.remoteAddress }, 'email-in: unknown recipient refused');
      callback(smtpError(550, 'No such mailbox here'));
    },
    onData(stream, session, callback) {
      const envelope: SmtpEnvelope = {
        from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
        to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
        remoteAddress: session.remoteAddress,
      };
      collect(stream, maxBytes)
        .then(async ({ raw, oversized }) => {
          if (oversized) {
            log.warn({ from: envelope.from, remoteAddress: envelope.remoteAddress, maxBytes }, 'email-in: oversized message refused');
            return callback(smtpError(552, `Message exceeds fixed maximum message size ${maxBytes}`));
          }
          await options.onMail(raw, envelope);
          callback();
        })
        .catch((err: unknown) => {
          log.error({ err, from: envelope.from, to: envelope.to }, 'email-in: could not store an inbound message');
          callback(smtpError(451, 'Temporary failure storing the message, try again later'));
        });
    },
  });

  const sweeper = setInterval(() => limiter.sweep(), WINDOW_MS);
  sweeper.unref();

  return new Promise((resolve, reject) => {
    const failed = (err: Error) => {
      clearInterval(sweeper);
      reject(err);
    };
    server.once('error', failed);
    server.listen(options.port, options.host, () => {
      server.off('error', failed);
      // A connection-level error (a client resetting) must not crash the process.
      server.on('error', (err: Error) => log.warn({ err }, 'email-in: SMTP connection error'));
      resolve({
        port: (server.server.address() as AddressInfo).port,
        close: () =>
          new Promise<void>((done) => {
            clearInterval(sweeper);
            server.close(() => done());
          }),
      });
    });
  });
}

/**
 * Adds `Return-Path: <envelope sender>` on top of a message, as the final MTA does on delivery (RFC 5321
 * §4.4), so a bounce's null sender (`<>`) is visible to `parseInboundMail` / `screenInboundMail`. Placed
 * first, it wins over any Return-Path the sender forged into the message itself.
 */
export function withReturnPath(raw: Buffer, envelopeFrom: string): Buffer {
  const address = envelopeFrom.replace(/[\r\n<>]/g, '').trim();
  return Buffer.concat([Buffer.from(`Return-Path: <${address}>\r\n`), raw]);
}
