import { badInput } from '@lotgraph/server';
import type { CapaEventType } from './exception-events';
import type { CapaEvent } from './capa-summary';

/** The GraphQL CapaEventInput (its type already the event type the log keeps). */
export interface CapaEventInput {
  eventKey: string;
  type: CapaEventType;
  capaNumber: string;
  title: string;
  status: string;
  previousStatus?: string | null;
  exceptionNumbers: string[];
  detail: string;
  action?: { sequence: number; description: string; owner: string; dueOn?: string | null } | null;
}

const MAX_KEY_LENGTH = 200;

/** The event as it is kept (text trimmed, exception numbers in number order once each), or BAD_USER_INPUT naming the field. */
export function validateCapaEventInput(input: CapaEventInput): CapaEvent {
  const text = (record: string, field: string, value: string) => {
    const trimmed = value.trim();
    if (!trimmed) throw badInput(record, field, 'must not be empty');
    return trimmed;
  };
  const eventKey = text('CapaEvent', 'eventKey', input.eventKey);
  if (eventKey.length > MAX_KEY_LENGTH) throw badInput('CapaEvent', 'eventKey', `must be at most ${MAX_KEY_LENGTH} characters`);
  const label = `CapaEvent ${eventKey}`;
  const capaNumber = text(label, 'capaNumber', input.capaNumber);
  const status = text(label, 'status', input.status);
  const previousStatus = input.previousStatus?.trim() || null;
  if (input.type === 'capa.status-changed' && previousStatus === status) {
    throw badInput(label, 'previousStatus', `a status change of ${capaNumber} must move it: previousStatus and status are both ${status}`);
  }
  const action = input.action
    ? { sequence: input.action.sequence, description: text(label, 'action.description', input.action.description), owner: text(label, 'action.owner', input.action.owner), dueOn: input.action.dueOn ?? null }
    : null;
  if (action && (!Number.isInteger(action.sequence) || action.sequence < 1)) throw badInput(label, 'action.sequence', `must be a whole number from 1, not ${action.sequence}`);
  if (input.type === 'capa.action-overdue') {
    if (!action) throw badInput(label, 'action', `a capa.action-overdue event of ${capaNumber} names the action that is overdue`);
    if (!action.dueOn) throw badInput(label, 'action.dueOn', `action ${action.sequence} of ${capaNumber} is said to be overdue: give the date it was due`);
  }
  const exceptionNumbers = [...new Set(input.exceptionNumbers.map((number, index) => text(label, `exceptionNumbers[${index}]`, number)))].sort();
  return {
    eventKey,
    type: input.type,
    capa: { number: capaNumber, title: text(label, 'title', input.title), status, previousStatus, exceptionNumbers, action },
    detail: text(label, 'detail', input.detail),
  };
}
