/**
 * The web app reads the server's answers through the response schemas (`Wire<typeof X>` from @kefu/protocol/api/*),
 * so a field renamed on the server breaks the build here. A hand-written response interface in api.ts would hide that.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const API = readFileSync(resolve(import.meta.dirname, '../src/api.ts'), 'utf8');

/** What api.ts may still write by hand: what the client sends, and the fields of an error body. */
const NOT_RESPONSES = ['FaqInput', 'FieldError'];

describe("the web app's API types", () => {
  it('declare no response shape by hand', () => {
    const interfaces = [...API.matchAll(/^export interface (\w+)/gm)].map((m) => m[1]);
    expect(
      interfaces.filter((name) => !NOT_RESPONSES.includes(name!)),
      'write `export type X = Wire<typeof Schema>` instead',
    ).toEqual([]);
  });

  it('take every response type from a schema in @kefu/protocol', () => {
    const handWritten = [...API.matchAll(/^export type (\w+) = (?!Wire<|NonNullable<|\w+\[)(.*)$/gm)].map((m) => `${m[1]} = ${m[2]}`);
    expect(handWritten).toEqual([]);
    expect(API).toMatch(/from '@kefu\/protocol\/api\/knowledge'/);
  });
});
