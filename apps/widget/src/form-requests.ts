// A form waiting for the server's answer (identify, rate, leave a message): at most one at a time. It fails
// with "interrupted" when the connection drops after it went out, or when no answer comes in time.

import type { Connection, ConnectionStatus } from './connection.ts';
import type { ControlFrame } from './protocol.ts';
import type { FormHandle } from './ui/forms.ts';

export type RequestKind = 'rate' | 'identify' | 'leave';
type Pending = { kind: RequestKind; form: FormHandle; frame: ControlFrame; sent: boolean; timer: number };

const ANSWER_TIMEOUT_MS = 15_000;

export class FormRequests {
  private pending: Pending | null = null;

  constructor(
    private readonly conn: Connection,
    /** Connects when a request could not go out at once. */
    private readonly connect: () => void,
    /** The message for an interrupted request. */
    private readonly interrupted: () => string,
  ) {}

  /** The kind of the request waiting for its answer, if any. */
  get kind(): RequestKind | null {
    return this.pending?.kind ?? null;
  }

  onStatus(s: ConnectionStatus): void {
    if (s === 'waiting' && this.pending?.sent) this.fail(this.interrupted());
    if (s === 'ready' && this.pending) this.pending.sent = true;
  }

  /** Sends a control frame and waits for its answer, showing errors and interruptions in the form. */
  start(kind: RequestKind, form: FormHandle, frame: ControlFrame): void {
    if (this.pending) this.fail('');
    form.busy(true);
    const sent = this.conn.control(frame);
    if (!sent) this.connect();
    this.pending = { kind, form, frame, sent, timer: window.setTimeout(() => this.fail(this.interrupted()), ANSWER_TIMEOUT_MS) };
  }

  /** The answer came: the form that waited for it, if it is of that kind. */
  resolve(kind: RequestKind): FormHandle | null {
    const p = this.pending;
    if (!p || p.kind !== kind) return null;
    window.clearTimeout(p.timer);
    this.pending = null;
    return p.form;
  }

  fail(message: string): void {
    const p = this.pending;
    if (!p) return;
    window.clearTimeout(p.timer);
    this.conn.cancelControl(p.frame);
    this.pending = null;
    p.form.busy(false);
    p.form.error(message);
  }
}
