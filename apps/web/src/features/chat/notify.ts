/** Getting a busy agent's attention: a short beep (WebAudio, no file), a desktop notification, the tab title. */

let audio: AudioContext | null = null;

/** Browsers start audio only after a user gesture: call this from one (and it is harmless elsewhere). */
export function unlockAudio(): void {
  try {
    audio ??= new AudioContext();
    if (audio.state === 'suspended') void audio.resume();
  } catch {
    /* no WebAudio */
  }
}

export function beep(): void {
  try {
    audio ??= new AudioContext();
    const now = audio.currentTime;
    const osc = audio.createOscillator();
    const gain = audio.createGain();
    osc.type = 'sine';
    osc.frequency.setValueAtTime(880, now);
    osc.frequency.setValueAtTime(1175, now + 0.09);
    gain.gain.setValueAtTime(0.0001, now);
    gain.gain.exponentialRampToValueAtTime(0.15, now + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, now + 0.25);
    osc.connect(gain).connect(audio.destination);
    osc.start(now);
    osc.stop(now + 0.26);
  } catch {
    /* no WebAudio */
  }
}

export function askNotificationPermission(): void {
  if (typeof Notification === 'undefined' || Notification.permission !== 'default') return;
  void Notification.requestPermission().catch(() => {});
}

export function desktopNotify(title: string, body: string, tag: string, onClick: () => void): void {
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
  try {
    const n = new Notification(title, { body, tag, silent: true });
    n.onclick = () => {
      window.focus();
      onClick();
      n.close();
    };
    setTimeout(() => n.close(), 8000);
  } catch {
    /* some browsers only allow notifications from a service worker */
  }
}

let baseTitle: string | null = null;

/** "(3) kefu 客服" while there are unread messages. */
export function titleUnread(total: number): void {
  baseTitle ??= document.title.replace(/^\(\d+\)\s*/, '');
  const next = total > 0 ? `(${total > 99 ? '99+' : total}) ${baseTitle}` : baseTitle;
  if (document.title !== next) document.title = next;
}
