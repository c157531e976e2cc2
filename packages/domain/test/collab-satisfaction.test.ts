import { describe, expect, it } from 'vitest';
import { satisfactionRefusal } from '../src/index.ts';

describe('collaboration satisfaction', () => {
  it('comes with finishing the task, from the department', () => {
    expect(satisfactionRefusal({ state: 'working' }, 'warehouse', { state: 'done', satisfaction: 5 })).toBeNull();
    expect(satisfactionRefusal({ state: 'open' }, 'finance', { state: 'done', satisfaction: 2, satisfactionComment: '没附退款截图' })).toBeNull();
    expect(satisfactionRefusal({ state: 'open' }, 'tech', { state: 'done' })).toBeNull();
  });

  it('is refused on any other change', () => {
    expect(satisfactionRefusal({ state: 'open' }, 'warehouse', { state: 'working', satisfaction: 4 })?.field).toBe('satisfaction');
    expect(satisfactionRefusal({ state: 'open' }, 'warehouse', { satisfaction: 4 })?.field).toBe('satisfaction');
    expect(satisfactionRefusal({ state: 'done' }, 'warehouse', { state: 'done', satisfaction: 4 })?.reason).toMatch(/finished/);
  });

  it('is never the desk rating itself', () => {
    for (const role of ['agent', 'supervisor', 'admin'] as const)
      expect(satisfactionRefusal({ state: 'working' }, role, { state: 'done', satisfaction: 5 })?.reason).toMatch(/department/);
  });

  it('takes a comment only with a rating', () => {
    expect(satisfactionRefusal({ state: 'working' }, 'warehouse', { state: 'done', satisfactionComment: '很清楚' })).toEqual({
      field: 'satisfactionComment',
      reason: expect.stringMatching(/rating/),
    });
  });
});
