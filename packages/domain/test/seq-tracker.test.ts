import { describe, expect, it } from 'vitest';
import { contiguousUpTo, SeqTracker } from '../src/index.ts';
import { SeqTracker as TrackerBySubpath } from '@kefu/domain/seq-tracker';

describe('SeqTracker', () => {
  it('advances through seqs that come in order and has no hole', () => {
    const t = new SeqTracker();
    expect([1, 2, 3].map((s) => t.receive(s))).toEqual([true, true, true]);
    expect(t.upTo).toBe(3);
    expect(t.hasHole).toBe(false);
    expect(t.holeResumePoint).toBeNull();
  });

  it('holds a seq beyond a hole until the hole is filled, then moves past everything held', () => {
    const t = new SeqTracker(2);
    t.receive(4);
    t.receive(6);
    expect(t.upTo).toBe(2);
    expect(t.hasHole).toBe(true);
    expect(t.holeResumePoint).toBe(2);
    t.receive(3);
    expect(t.upTo).toBe(4);
    expect(t.holeResumePoint).toBe(4);
    t.receive(5);
    expect(t.upTo).toBe(6);
    expect(t.hasHole).toBe(false);
  });

  it('tells a seq already held from a new one (duplicates are ignored)', () => {
    const t = new SeqTracker();
    t.receive(1);
    t.receive(3);
    expect(t.holds(1)).toBe(true);
    expect(t.holds(2)).toBe(false);
    expect(t.holds(3)).toBe(true);
    expect(t.receive(1)).toBe(false);
    expect(t.receive(3)).toBe(false);
    expect(t.receive(2)).toBe(true);
    expect(t.upTo).toBe(3);
  });

  it('ignores seqs that cannot be a message (0, negative, fractional)', () => {
    const t = new SeqTracker();
    expect([0, -1, 1.5, Number.NaN].map((s) => t.receive(s))).toEqual([false, false, false, false]);
    expect(t.upTo).toBe(0);
    expect(t.hasHole).toBe(false);
  });

  it('jumps to what a resume covered, dropping holes below it and joining seqs just above it', () => {
    const t = new SeqTracker(1);
    t.receive(3);
    t.receive(6);
    t.receive(7);
    t.coverTo(5);
    expect(t.upTo).toBe(7);
    expect(t.hasHole).toBe(false);
    t.coverTo(4);
    expect(t.upTo).toBe(7);
  });

  it('starts over from a given point', () => {
    const t = new SeqTracker();
    t.receive(5);
    t.reset(10);
    expect(t.upTo).toBe(10);
    expect(t.hasHole).toBe(false);
    t.reset();
    expect(t.upTo).toBe(0);
  });

  it('is the same module through the package subpath the widget imports', () => {
    expect(TrackerBySubpath).toBe(SeqTracker);
  });
});

describe('contiguousUpTo', () => {
  it('is the end of the gap-free run after what is known', () => {
    expect(contiguousUpTo([2])).toBe(0);
    expect(contiguousUpTo([1, 2, 4])).toBe(2);
    expect(contiguousUpTo([4], 3)).toBe(4);
    expect(contiguousUpTo([1, 2], 5)).toBe(5);
    expect(contiguousUpTo([3, 1, 2])).toBe(3);
    expect(contiguousUpTo([])).toBe(0);
  });
});
