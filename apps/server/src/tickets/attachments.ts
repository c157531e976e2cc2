import { unstorableText } from '@kefu/domain';
import { audit } from '../audit/audit.ts';
import type { Db, Tx } from '../db/database.ts';
import type { Principal } from '../http/context.ts';
import { badRequest, notFound } from '../http/errors.ts';
import { writeTimelineEntry } from './timeline.ts';

/** What a shopper or agent may attach: pictures, video, PDFs, text, office documents, archives. */
export const ATTACHMENT_TYPES: Record<string, readonly string[]> = {
  'image/jpeg': ['jpg', 'jpeg'],
  'image/png': ['png'],
  'image/gif': ['gif'],
  'image/webp': ['webp'],
  'video/mp4': ['mp4'],
  'application/pdf': ['pdf'],
  'text/plain': ['txt', 'log'],
  'text/csv': ['csv'],
  'application/zip': ['zip'],
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': ['xlsx'],
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': ['docx'],
};

export function checkAttachment(filename: string, contentType: string): string | null {
  const unstorable = unstorableText(filename);
  if (unstorable) return `the file name ${unstorable}`;
  const extensions = ATTACHMENT_TYPES[contentType];
  if (!extensions) return `type ${contentType} is not allowed; allowed: ${Object.keys(ATTACHMENT_TYPES).join(', ')}`;
  const extension = filename.split('.').pop()?.toLowerCase() ?? '';
  if (!extensions.includes(extension)) return `a ${contentType} file must end in .${extensions.join(' or .')}`;
  if (filename.length > 200) return 'file name longer than 200 characters';
  return null;
}

export async function storeAttachment(db: Db, actor: Principal, ticketId: number, file: { filename: string; contentType: string; data: Buffer }) {
  const problem = checkAttachment(file.filename, file.contentType);
  if (problem) throw badRequest('file', problem);
  if (file.data.length === 0) throw badRequest('file', 'the file is empty');
  return db.transaction().execute(async (tx) => {
    const ticket = await tx.selectFrom('tickets').select('id').where('id', '=', ticketId).executeTakeFirst();
    if (!ticket) throw notFound('ticket');
    return attachFile(tx, actor.id, ticketId, file);
  });
}

/**
 * In the caller's transaction, a checked file on the ticket with its timeline entry, audited; `actorId` null when
 * the shopper sent it (an e-mail's attachment).
 */
export async function attachFile(tx: Tx, actorId: number | null, ticketId: number, file: { filename: string; contentType: string; data: Buffer }) {
  const event = await writeTimelineEntry(tx, ticketId, actorId, { kind: 'attachment', data: { filename: file.filename, size: file.data.length } });
  const attachment = await tx
    .insertInto('attachments')
    .values({
      ticket_id: ticketId,
      event_id: event.id,
      filename: file.filename,
      content_type: file.contentType,
      size: file.data.length,
      data: file.data,
      uploaded_by: actorId,
    })
    .returning(['id', 'filename', 'content_type', 'size'])
    .executeTakeFirstOrThrow();
  await audit(tx, { actorId, action: 'ticket.attach', entity: 'ticket', entityId: ticketId, detail: { attachmentId: attachment.id } });
  return attachment;
}

export async function readAttachment(db: Db, id: number) {
  const row = await db.selectFrom('attachments').select(['filename', 'content_type', 'data']).where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('attachment');
  return row;
}
