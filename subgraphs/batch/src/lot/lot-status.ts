import { GraphQLError } from 'graphql';
import type { LotStatus } from './lot.entity';

/**
 * The lot status machine. QUARANTINE on receipt and on production until released; any usable lot can be put
 * ON_HOLD (containment) and comes back to where it was, or is REJECTED; released (and shipped) lots can be
 * RECALLED. REJECTED and RECALLED are final.
 */
const TRANSITIONS: Record<LotStatus, readonly LotStatus[]> = {
  QUARANTINE: ['RELEASED', 'ON_HOLD', 'REJECTED'],
  RELEASED: ['ON_HOLD', 'RECALLED'],
  ON_HOLD: ['QUARANTINE', 'RELEASED', 'REJECTED', 'RECALLED'],
  REJECTED: [],
  RECALLED: [],
};

export type LotUse = 'CONSUME' | 'MOVE' | 'SHIP';

const USE_WORDS: Record<LotUse, string> = { CONSUME: 'consumed', MOVE: 'moved', SHIP: 'shipped' };

/** Which statuses forbid which use: quarantined stock may be moved (to a quarantine area) but not used. */
const FORBIDDEN: Record<LotStatus, readonly LotUse[]> = {
  QUARANTINE: ['CONSUME', 'SHIP'],
  RELEASED: [],
  ON_HOLD: ['CONSUME', 'MOVE', 'SHIP'],
  REJECTED: ['CONSUME', 'MOVE', 'SHIP'],
  RECALLED: ['CONSUME', 'MOVE', 'SHIP'],
};

export function allowedTransitions(from: LotStatus): readonly LotStatus[] {
  return TRANSITIONS[from];
}

export function assertTransition(lotNumber: string, from: LotStatus, to: LotStatus): void {
  if (TRANSITIONS[from].includes(to)) return;
  const allowed = TRANSITIONS[from];
  throw new GraphQLError(
    `Lot ${lotNumber} is ${from} and cannot become ${to}` +
      (allowed.length ? ` (from ${from} it can become ${allowed.join(', ')})` : ` (${from} is final)`),
    { extensions: { code: 'ILLEGAL_TRANSITION', lotNumber, field: 'status', from, to } },
  );
}

export function isUsable(status: LotStatus, use: LotUse): boolean {
  return !FORBIDDEN[status].includes(use);
}

export function assertUsable(lotNumber: string, status: LotStatus, use: LotUse): void {
  if (isUsable(status, use)) return;
  throw new GraphQLError(`Lot ${lotNumber} is ${status}: it cannot be ${USE_WORDS[use]}`, {
    extensions: { code: 'LOT_NOT_USABLE', lotNumber, field: 'status', status, use },
  });
}
