import type { ChatService } from '../conversations/chat-service.ts';
import type { MovedConversation } from './handover.ts';

/**
 * Once a hand-over has committed: each moved conversation's shopper and both agents get the system line and the
 * conversation as it is now, the shopper whom a colleague took over learns who serves them, and the dispatcher runs
 * so the conversations sent back to the queue find a free agent.
 */
export async function tellHandOver(chat: ChatService, moved: readonly MovedConversation[]): Promise<void> {
  if (moved.length === 0) return;
  for (const conv of moved) {
    await chat.fanOut.message(conv.visitorId, [conv.fromAgentId, conv.toAgentId], conv.message);
    await chat.fanOut.conversation(conv.id, { agentIds: [conv.fromAgentId, conv.toAgentId], supervisors: true });
    if (conv.toAgentId) {
      chat.hub.toShopper(conv.visitorId, { type: 'assigned', conversationId: conv.id, agent: { id: conv.toAgentId, name: conv.toName ?? '' } });
    }
  }
  await chat.dispatchAndTell();
}
