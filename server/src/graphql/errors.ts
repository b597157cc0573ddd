import { GraphQLError } from 'graphql';

/** Error codes a client can switch on; each error also carries a sentence a person can act on. */
export const ErrorCode = {
  unauthenticated: 'UNAUTHENTICATED',
  forbidden: 'FORBIDDEN',
  notFound: 'NOT_FOUND',
  badUserInput: 'BAD_USER_INPUT',
  queryTooDeep: 'QUERY_TOO_DEEP',
  queryTooComplex: 'QUERY_TOO_COMPLEX',
  tooManyAliases: 'TOO_MANY_ALIASES',
} as const;

export function notFound(entity: string, field: string, value: string): GraphQLError {
  return new GraphQLError(`${entity} with ${field} "${value}" does not exist`, {
    extensions: { code: ErrorCode.notFound, entity, field, value },
  });
}

export function badInput(entity: string, field: string, reason: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(`${entity}.${field}: ${reason}`, {
    extensions: { ...extensions, code: ErrorCode.badUserInput, entity, field },
  });
}

export function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.unauthenticated, http: { status: 401 } } });
}
