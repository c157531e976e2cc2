/**
 * Conventions every HTTP response schema follows (see docs/api.md "Responses"):
 * - keys are camelCase; a presenter per resource maps database rows to these shapes;
 * - moments are ISO 8601 strings on the wire and `Date` inside the server (the `Timestamp` codec encodes them);
 * - money is integer fen in fields ending in `Fen`;
 * - the web app reads the wire shape with `Wire<typeof Schema>`, never a hand-written copy.
 */
import { z } from 'zod';

export const Timestamp = z.codec(z.iso.datetime({ offset: true }), z.date(), {
  decode: (text) => new Date(text),
  encode: (date) => date.toISOString(),
});

/** A calendar day (YYYY-MM-DD), e.g. a birthday. */
export const Day = z.iso.date();

export const RowId = z.number().int().positive();
export const Fen = z.number().int();

/** What a response looks like on the wire, i.e. what a client receives. */
export type Wire<S extends z.ZodType> = z.input<S>;

/** An empty success answer: `{ ok: true }`. */
export const Ok = z.object({ ok: z.literal(true) });

/** A 204 answer: no body (declared as `response: { 204: NoContent }`; the OpenAPI document shows no content). */
export const NoContent = z.undefined().describe('No Content');
