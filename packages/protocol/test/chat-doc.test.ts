/**
 * docs/chat-protocol.md and the chat schemas say the same: every frame type of each direction, with the same
 * fields (`name?` when it may be absent), and the same objects. A frame or field added, renamed or dropped on one
 * side only fails here.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { AgentFrame, ToAgentFrame } from '../src/chat/agent.ts';
import { Conversation, Message, ShopperConversation } from '../src/chat/objects.ts';
import { ShopperFrame, ToShopperFrame } from '../src/chat/shopper.ts';

const DOC = readFileSync(new URL('../../../docs/chat-protocol.md', import.meta.url), 'utf8');

type AnyObject = z.ZodObject<Record<string, z.ZodType>>;

/** The rows of the first table under `## heading`: first cell's name → the second cell's fields, in order. */
function docTable(heading: string): Map<string, string[]> {
  const section = DOC.split(/^## /m).find((s) => s.startsWith(`${heading}\n`));
  if (!section) throw new Error(`docs/chat-protocol.md has no section "## ${heading}"`);
  const rows = section
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .slice(2);
  return new Map(
    rows.map((row) => {
      const [name = '', fields = ''] = row
        .split(/(?<!\\)\|/)
        .slice(1)
        .map((cell) => cell.trim());
      return [name.replaceAll('`', ''), [...fields.matchAll(/`([^`]+)`/g)].map((m) => m[1]!)];
    }),
  );
}

/** An object schema's fields as the doc writes them: `name`, or `name?` when it may be absent; `type` is the row's name. */
function schemaFields(schema: AnyObject): string[] {
  return Object.entries(schema.shape)
    .filter(([key]) => key !== 'type')
    .map(([key, field]) => (field.safeParse(undefined).success ? `${key}?` : key));
}

function frames(union: { options: readonly unknown[] }): Map<string, string[]> {
  return new Map(
    union.options.map((option) => {
      const object = option as AnyObject;
      return [String((object.shape.type as z.ZodLiteral<string>).value), schemaFields(object)];
    }),
  );
}

const sorted = (m: Map<string, string[]>) => [...m.keys()].sort();

describe('docs/chat-protocol.md matches @kefu/protocol/chat', () => {
  const directions: [string, { options: readonly unknown[] }][] = [
    ['Frames the shopper sends', ShopperFrame],
    ['Frames the agent sends', AgentFrame],
    ['Frames the server sends to shoppers', ToShopperFrame],
    ['Frames the server sends to agents', ToAgentFrame],
  ];

  for (const [heading, union] of directions) {
    it(`lists the same frames and fields under "${heading}"`, () => {
      const documented = docTable(heading);
      const defined = frames(union);
      expect(sorted(documented)).toEqual(sorted(defined));
      for (const [type, fields] of defined) expect({ type, fields: documented.get(type)?.sort() }).toEqual({ type, fields: fields.sort() });
    });
  }

  it('lists the same fields for the message and conversation objects', () => {
    const objects = docTable('Objects');
    expect(objects.get('message')?.sort()).toEqual(schemaFields(Message as unknown as AnyObject).sort());
    expect(objects.get('conversation')?.sort()).toEqual(schemaFields(Conversation as unknown as AnyObject).sort());
    expect(objects.get("shopper's conversation")?.sort()).toEqual(schemaFields(ShopperConversation as unknown as AnyObject).sort());
  });

  it('reads a table the way the checks above assume', () => {
    const shopper = docTable('Frames the shopper sends');
    expect(shopper.get('rate')).toEqual(['conversationId', 'score', 'comment?']);
    expect(frames(ShopperFrame).get('rate')).toEqual(['conversationId', 'score', 'comment?']);
  });
});
