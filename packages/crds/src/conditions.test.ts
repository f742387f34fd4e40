import { describe, expect, it } from 'vitest';
import { conditionsEqual, getCondition, isTrue, setCondition } from './conditions';

const t0 = new Date('2026-01-01T00:00:00.000Z');
const t1 = new Date('2026-01-01T00:05:00.000Z');

type ReadyInput = Omit<Parameters<typeof setCondition>[1], 'type'>;

/** The Ready condition set to `first` at t0, then to `then` at t1. */
function readyTwice(first: ReadyInput, then: ReadyInput) {
  return setCondition(setCondition([], { type: 'Ready', ...first }, t0), { type: 'Ready', ...then }, t1);
}

describe('setCondition', () => {
  it('adds a condition with the transition time', () => {
    const list = setCondition(
      [],
      { type: 'Ready', status: 'False', reason: 'Waiting', message: 'no pods' },
      t0,
    );
    expect(list).toEqual([
      {
        type: 'Ready',
        status: 'False',
        reason: 'Waiting',
        message: 'no pods',
        lastTransitionTime: '2026-01-01T00:00:00Z',
      },
    ]);
  });

  it('keeps lastTransitionTime when the status does not change, even if reason/message do', () => {
    const second = readyTwice(
      { status: 'False', reason: 'Waiting', message: 'a' },
      { status: 'False', reason: 'StillWaiting', message: 'b' },
    );
    expect(second[0]?.lastTransitionTime).toBe('2026-01-01T00:00:00Z');
    expect(second[0]?.reason).toBe('StillWaiting');
  });

  it('moves lastTransitionTime when the status changes', () => {
    const second = readyTwice(
      { status: 'False', reason: 'Waiting', message: '' },
      { status: 'True', reason: 'Available', message: '' },
    );
    expect(second[0]?.lastTransitionTime).toBe('2026-01-01T00:05:00Z');
    expect(isTrue(second, 'Ready')).toBe(true);
  });

  it('does not mutate its input and keeps other conditions', () => {
    const first = setCondition([], { type: 'A', status: 'True', reason: 'r', message: '' }, t0);
    const second = setCondition(
      first,
      { type: 'B', status: 'False', reason: 'r', message: '', observedGeneration: 3 },
      t0,
    );
    expect(first).toHaveLength(1);
    expect(second.map((c) => c.type)).toEqual(['A', 'B']);
    expect(getCondition(second, 'B')?.observedGeneration).toBe(3);
    expect(isTrue(second, 'B')).toBe(false);
    expect(isTrue(second, 'Missing')).toBe(false);
  });
});

describe('conditionsEqual', () => {
  it('is order-insensitive and detects changes', () => {
    const a = setCondition(
      setCondition([], { type: 'A', status: 'True', reason: 'r', message: '' }, t0),
      { type: 'B', status: 'True', reason: 'r', message: '' },
      t0,
    );
    const b = [a[1]!, a[0]!];
    expect(conditionsEqual(a, b)).toBe(true);
    expect(
      conditionsEqual(a, setCondition(a, { type: 'A', status: 'True', reason: 'other', message: '' }, t1)),
    ).toBe(false);
    expect(conditionsEqual(undefined, [])).toBe(true);
  });
});
