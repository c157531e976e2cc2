import type { ErrorCode } from '@kefu/protocol/errors';
import type { FormInstance } from 'antd';
import { ApiError } from '../api.ts';
import type { Translate } from '../i18n.ts';

/** Whether `error` is the server's refusal `code`; a code the catalogue (@kefu/protocol/errors) lacks does not compile. */
export function isRefusal(error: unknown, code: ErrorCode): error is ApiError {
  return error instanceof ApiError && error.code === code;
}

/** A sentence for any failure: network, server message, or a generic one. */
export function errorText(t: Translate, error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 0) return t('common.networkError');
    if (error.status === 403) return t('common.forbidden');
    return error.message || t('common.error');
  }
  return t('common.error');
}

/**
 * Puts the server's field errors next to the matching form fields ("body.subject" → "subject").
 * Returns the errors no field could show, so the caller can show them above the form.
 */
export function applyFieldErrors(form: FormInstance, error: unknown, known: readonly string[]): string[] {
  if (!(error instanceof ApiError) || error.fields.length === 0) return [];
  const rest: string[] = [];
  const byField = new Map<string, string[]>();
  for (const f of error.fields) {
    const name = f.field.replace(/^(body|query|params)\./, '').split('.')[0] ?? '';
    if (known.includes(name)) byField.set(name, [...(byField.get(name) ?? []), f.reason]);
    else rest.push(`${f.field}: ${f.reason}`);
  }
  form.setFields([...byField].map(([name, errors]) => ({ name, errors })));
  return rest;
}
