import { badInput } from '@lotgraph/server';

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

/** The password rules, each refusal naming the user, the field and the rule broken. */
export function assertPasswordAllowed(userId: string, password: string, field: string): void {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) {
    throw badInput('User', field, `the password for ${userId} must be at least ${MIN_PASSWORD_LENGTH} characters long (it has ${length})`);
  }
  if (length > MAX_PASSWORD_LENGTH) {
    throw badInput('User', field, `the password for ${userId} must be at most ${MAX_PASSWORD_LENGTH} characters long`);
  }
  if (password.trim().toLowerCase().includes(userId.toLowerCase())) {
    throw badInput('User', field, `the password for ${userId} must not contain the user id`);
  }
}
