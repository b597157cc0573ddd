import { GraphQLError } from 'graphql';
import { assertTransition, assertUsable, isUsable } from '../src/lot/lot-status';

describe('the lot status machine', () => {
  it('allows the release path, containment and recall', () => {
    expect(() => assertTransition('L1', 'QUARANTINE', 'RELEASED')).not.toThrow();
    expect(() => assertTransition('L1', 'RELEASED', 'ON_HOLD')).not.toThrow();
    expect(() => assertTransition('L1', 'ON_HOLD', 'RELEASED')).not.toThrow();
    expect(() => assertTransition('L1', 'ON_HOLD', 'REJECTED')).not.toThrow();
    expect(() => assertTransition('L1', 'RELEASED', 'RECALLED')).not.toThrow();
  });

  it('refuses illegal transitions and says what would be allowed', () => {
    expect(() => assertTransition('L1', 'REJECTED', 'RELEASED')).toThrow('Lot L1 is REJECTED and cannot become RELEASED (REJECTED is final)');
    expect(() => assertTransition('L1', 'QUARANTINE', 'RECALLED')).toThrow(
      'Lot L1 is QUARANTINE and cannot become RECALLED (from QUARANTINE it can become RELEASED, ON_HOLD, REJECTED)',
    );
    const error = (() => {
      try {
        assertTransition('L1', 'RECALLED', 'ON_HOLD');
      } catch (err) {
        return err;
      }
    })();
    expect(error).toBeInstanceOf(GraphQLError);
    expect((error as GraphQLError).extensions).toMatchObject({ code: 'ILLEGAL_TRANSITION', lotNumber: 'L1', from: 'RECALLED', to: 'ON_HOLD' });
  });

  it('keeps held, rejected and recalled lots out of production, stores and shipping', () => {
    for (const status of ['ON_HOLD', 'REJECTED', 'RECALLED'] as const) {
      expect(['CONSUME', 'MOVE', 'SHIP'].map((use) => isUsable(status, use as 'CONSUME'))).toEqual([false, false, false]);
    }
    expect(isUsable('QUARANTINE', 'MOVE')).toBe(true);
    expect(isUsable('QUARANTINE', 'CONSUME')).toBe(false);
    expect(isUsable('RELEASED', 'SHIP')).toBe(true);
    expect(() => assertUsable('SYR3-2611-0008', 'ON_HOLD', 'SHIP')).toThrow('Lot SYR3-2611-0008 is ON_HOLD: it cannot be shipped');
  });
});
