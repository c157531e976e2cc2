import { z } from 'zod';
import type { Config } from '../config.ts';
import { refuse } from '../http/errors.ts';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

const Completion = z.object({
  choices: z.array(z.object({ message: z.object({ content: z.string() }) })).min(1),
});

/**
 * One call to an OpenAI-compatible chat-completions API (`POST {LLM_URL}/chat/completions`): OpenAI, Azure
 * OpenAI, DeepSeek, Qwen (DashScope compatible mode), a local vLLM or Ollama. Whatever goes wrong on the
 * provider's side is a 502 for our client, never a 500.
 */
export async function complete(config: Config, messages: ChatMessage[]): Promise<string> {
  if (!config.LLM_URL) throw refuse('llm_off');
  let response: Response;
  try {
    response = await fetch(`${config.LLM_URL.replace(/\/+$/, '')}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(config.LLM_API_KEY && { authorization: `Bearer ${config.LLM_API_KEY}` }) },
      body: JSON.stringify({ model: config.LLM_MODEL, messages, temperature: 0.3, max_tokens: 500 }),
      signal: AbortSignal.timeout(config.LLM_TIMEOUT_MS),
    });
  } catch (err) {
    throw refuse(
      'llm_unavailable',
      `the language model did not answer: ${(err as Error).name === 'TimeoutError' ? 'timed out' : (err as Error).message}`,
    );
  }
  if (!response.ok) throw refuse('llm_unavailable', `the language model answered ${response.status}`);
  const parsed = Completion.safeParse(await response.json().catch(() => null));
  if (!parsed.success) throw refuse('llm_unavailable', 'the language model answered in an unknown format');
  return parsed.data.choices[0]!.message.content.trim();
}
