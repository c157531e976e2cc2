// Images: uploaded first (shown from a local preview meanwhile), then sent as their file id. A failed message
// can be sent again (an image not uploaded yet is uploaded again) or removed.

import { randomUuid, type Connection } from './connection.ts';
import type { Translate } from './i18n.ts';
import type { UploadedFile } from './protocol.ts';
import type { MessageStore } from './store.ts';
import { MAX_IMAGE_BYTES } from './validate.ts';

export interface ImageUploadsOptions {
  origin: string;
  shop: string;
  conn: Connection;
  store: MessageStore;
  t: Translate;
  connect(): void;
  render(forceScroll?: boolean): void;
  toast(message: string): void;
}

export class ImageUploads {
  private readonly uploads = new Map<string, File>();

  constructor(private readonly o: ImageUploadsOptions) {}

  async send(file: File): Promise<void> {
    const { conn, t } = this.o;
    if (!file.type.startsWith('image/')) return this.o.toast(t('notImage'));
    if (file.size > MAX_IMAGE_BYTES) return this.o.toast(t('imageTooBig'));
    if (!conn.visitorToken) {
      this.o.connect();
      return this.o.toast(t('notReady'));
    }
    const clientId = randomUuid();
    this.o.store.addLocal(clientId, 'image', '', { preview: URL.createObjectURL(file) });
    this.uploads.set(clientId, file);
    this.o.render(true);
    await this.upload(clientId, file);
  }

  retry(clientId: string): void {
    const file = this.uploads.get(clientId);
    this.o.store.resending(clientId);
    if (file) void this.upload(clientId, file);
    else if (!this.o.conn.retry(clientId)) this.o.store.fail(clientId, this.o.t('failed'));
    this.o.render();
  }

  remove(clientId: string): void {
    this.o.conn.discard(clientId);
    this.uploads.delete(clientId);
    this.o.store.remove(clientId);
    this.o.render();
  }

  private async upload(clientId: string, file: File): Promise<void> {
    const { conn, store } = this.o;
    const q = new URLSearchParams({ shop: this.o.shop, visitor: conn.visitorToken ?? '' });
    try {
      const fd = new FormData();
      fd.append('file', file, file.name || 'image.png');
      const res = await fetch(`${this.o.origin}/api/chat/files?${q}`, { method: 'POST', body: fd });
      if (!res.ok) throw new Error(res.status === 413 ? 'imageTooBig' : res.status === 429 ? 'err_rate_limited' : 'uploadFailed');
      const file2 = (await res.json()) as UploadedFile;
      if (!file2?.id) throw new Error('uploadFailed');
      this.uploads.delete(clientId);
      store.patchLocal(clientId, { body: String(file2.id), data: { url: file2.url } });
      conn.send('image', String(file2.id), clientId);
    } catch (e) {
      const k = e instanceof Error && ['imageTooBig', 'err_rate_limited'].includes(e.message) ? e.message : 'uploadFailed';
      store.fail(clientId, this.o.t(k as 'uploadFailed'));
    }
    this.o.render();
  }
}
