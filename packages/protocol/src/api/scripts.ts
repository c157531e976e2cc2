/** The quick replies (话术) as they are edited: each carries its version, and a change names the version it was based on. */
import { z } from 'zod';
import { QuickReply as QuickReplyBase } from './conversations.ts';

export const QuickReply = QuickReplyBase.extend({ version: z.number().int().positive() });
export const QuickReplyList = z.object({ quickReplies: z.array(QuickReply) });
export const QuickReplyAnswer = z.object({ quickReply: QuickReply });

/** PATCH /api/quick-replies/:id: the fields to change and the version they were based on. */
export const QuickReplyPatch = z
  .object({
    title: z.string().trim().min(1).max(40).optional(),
    body: z.string().trim().min(1).max(1000).optional(),
    shortcut: z.string().trim().max(20).nullable().optional(),
    version: z.number().int().positive(),
  })
  .strict();
