/**
 * Every error code kefu answers with, over HTTP (`{ error, message, ...details }`) and in the chat sockets' `error`
 * frames (`{ type: 'error', code, message, ...details }`): its HTTP status and a default English message. The server
 * takes a refusal's status from here, never from the throw site; docs/api.md "Error codes" lists the same codes
 * (packages/protocol/test/errors-doc.test.ts keeps the two in step). A socket frame carries no status: it is the
 * status the same refusal would have over HTTP.
 */
import { z } from 'zod';

interface ErrorEntry {
  status: number;
  message: string;
}

export const ERRORS = {
  // 400: the request itself is wrong
  invalid_input: { status: 400, message: 'some input is not valid' },
  invalid_json: { status: 400, message: 'the body is not valid JSON' },
  invalid_transition: { status: 400, message: 'the workflow has no such step from the current state; the message lists the allowed ones' },
  policy_failed: { status: 400, message: "the request fails the shop's after-sale policy" },
  bad_frame: { status: 400, message: 'send JSON text frames' },
  invalid: { status: 400, message: "a frame field is not valid (the chat sockets' name for invalid_input)" },
  code_wrong: { status: 400, message: 'wrong verification code' },
  code_locked: { status: 400, message: 'too many wrong tries for this code; ask for a new code' },
  code_expired: { status: 400, message: 'no valid verification code (expired or already used); ask for a new code' },
  sms_unavailable: { status: 400, message: 'codes by SMS are not available here; use an e-mail address' },
  email_unavailable: { status: 400, message: 'codes by e-mail are not available here; use a phone number' },
  codes_unavailable: { status: 400, message: 'no verification codes can be sent here; leave a message instead' },
  sms_failed: { status: 400, message: 'the SMS could not be sent; try again later or use an e-mail address' },
  // 401: who is asking is unknown or unproven
  unauthorized: { status: 401, message: 'log in or send an API token' },
  bad_credentials: { status: 401, message: 'wrong username or password' },
  unsigned: { status: 401, message: 'the webhook delivery carries no timestamp or signature' },
  bad_signature: { status: 401, message: 'the webhook signature does not match the body' },
  stale: { status: 401, message: "the webhook delivery's timestamp is too far from the server's clock" },
  // 403: known, but may not do this
  forbidden: { status: 403, message: 'your role may not do this' },
  wrong_role: { status: 403, message: 'this step belongs to another role; the message names which' },
  needs_supervisor: { status: 403, message: "this needs a supervisor's approval: send it for approval" },
  cross_origin: { status: 403, message: "requests from another site are refused; call the API from kefu's own pages or with an API token" },
  // 404
  not_found: { status: 404, message: 'no such record or route' },
  llm_off: { status: 404, message: 'drafting with a language model is off: set LLM_URL' },
  click_to_call_off: { status: 404, message: 'click-to-call is off: set CTI_CALL_URL' },
  // 409: the record's current state refuses the change
  conflict: { status: 409, message: 'the change collides with stored data (a duplicate, an item already taken or linked)' },
  stale_version: { status: 409, message: 'the record was changed by someone else; reload and try again' },
  order_shipped: { status: 409, message: 'the order has left the warehouse: this change is no longer possible' },
  order_cancelled: { status: 409, message: 'the order is cancelled: this change is not possible' },
  task_done: { status: 409, message: 'the task is done: reopen it before changing it' },
  no_extension: { status: 409, message: 'you have no phone extension: an admin sets it on the staff page' },
  conversation_closed: { status: 409, message: 'the conversation is closed' },
  conversation_taken: { status: 409, message: 'someone else has taken this conversation' },
  replayed: { status: 409, message: 'this webhook delivery was already received' },
  already_appealed: { status: 409, message: 'this quality inspection was already appealed: an inspection is appealed once' },
  survey_answered: { status: 409, message: 'this survey was already answered: a survey is answered once' },
  // 410
  survey_expired: { status: 410, message: 'this survey has expired and can no longer be answered' },
  // 413, 415
  too_large: { status: 413, message: 'the body, file or frame is too large' },
  unsupported_media_type: { status: 415, message: 'the body is not in a format this route reads' },
  // 429: slow down
  too_many_attempts: { status: 429, message: 'too many failed logins; try again later' },
  too_many_tries: { status: 429, message: 'too many wrong codes from this network; try again later' },
  rate_limited: { status: 429, message: 'too many requests; slow down' },
  too_many_connections: { status: 429, message: 'too many chat connections from this address' },
  // 5xx: the server or a service it uses failed
  internal: { status: 500, message: 'internal server error' },
  llm_unavailable: { status: 502, message: 'the language model did not answer' },
  cti_unavailable: { status: 502, message: 'the telephony system did not take the call; the message says why' },
  report_timeout: { status: 503, message: 'the report took too long and was stopped; choose a shorter range or fewer filters' },
} as const satisfies Record<string, ErrorEntry>;

export type ErrorCode = keyof typeof ERRORS;
export const ERROR_CODES = Object.keys(ERRORS) as [ErrorCode, ...ErrorCode[]];

export const FieldError = z.object({ field: z.string(), reason: z.string() });

/** An error response's body; a refusal may add its own details (`fields`, `currentVersion`, `checks`, `retryAfterSeconds`…). */
export const ErrorBody = z.looseObject({
  error: z.enum(ERROR_CODES),
  message: z.string(),
  fields: z.array(FieldError).optional(),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

export const statusOf = (code: ErrorCode): number => ERRORS[code].status;
