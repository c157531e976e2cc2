import { describe, expect, it } from 'vitest';
import { REFUSAL_CODES, refusal } from '../src/index.ts';

describe('typed refusals', () => {
  it('carry a code and a message', () => {
    expect(refusal('wrong_role', 'only finance answers a finance task')).toEqual({
      code: 'wrong_role',
      message: 'only finance answers a finance task',
    });
  });

  it('come in a fixed set of kinds', () => {
    expect([...REFUSAL_CODES].sort()).toEqual([
      'conversation_closed',
      'conversation_taken',
      'forbidden',
      'invalid_transition',
      'task_done',
      'wrong_role',
    ]);
  });
});
