import { parse } from 'graphql';
import { anonymousMayRun, selectsOnlyTypename } from '../src/graphql/operation-guard';
import { decodeCursor, encodeCursor, toConnection } from '../src/graphql/connection';
import { deterministicUuid } from '../src/ids/deterministic-uuid';

describe('the anonymous-caller guard', () => {
  it('lets through only operations that ask for __typename, however they are written', () => {
    expect(selectsOnlyTypename(parse('{ __typename }'))).toBe(true);
    expect(selectsOnlyTypename(parse('query { ...F } fragment F on Query { __typename }'))).toBe(true);
    expect(selectsOnlyTypename(parse('{ __typename lot(lotNumber: "A") { id } }'))).toBe(false);
    expect(selectsOnlyTypename(parse('query { ...F } fragment F on Query { lots { totalCount } }'))).toBe(false);
    expect(selectsOnlyTypename(parse('{ __schema { types { name } } }'))).toBe(false);
  });

  it('also lets through a login mutation, and nothing that rides along with it', () => {
    expect(anonymousMayRun(parse('mutation { login(userId: "a", password: "b") { token user { id } } }'))).toBe(true);
    expect(anonymousMayRun(parse('mutation In($u: ID!, $p: String!) { __typename login(userId: $u, password: $p) { token } }'), 'In')).toBe(true);
    expect(anonymousMayRun(parse('{ __typename }'))).toBe(true);
    expect(anonymousMayRun(parse('mutation { login(userId: "a", password: "b") { token } logout }'))).toBe(false);
    expect(anonymousMayRun(parse('mutation { ...F } fragment F on Mutation { login(userId: "a", password: "b") { token } }'))).toBe(false);
    expect(anonymousMayRun(parse('{ login }'))).toBe(false);
    expect(anonymousMayRun(parse('mutation { disableUser(userId: "a", reason: "b") { id } }'))).toBe(false);
  });
});

describe('cursor connections', () => {
  it('report a next page only when there is one', () => {
    const rows = ['A', 'B', 'C'];
    expect(toConnection(rows, 2, (r) => r, 3).pageInfo).toEqual({ hasNextPage: true, endCursor: encodeCursor('B') });
    expect(toConnection(rows.slice(0, 2), 2, (r) => r, 2).pageInfo.hasNextPage).toBe(false);
    expect(decodeCursor(encodeCursor('SYR3-2611-0008'))).toBe('SYR3-2611-0008');
  });
});

describe('derived ids', () => {
  it('are stable, distinct per name and shaped as UUIDs', () => {
    expect(deterministicUuid('lot', 'A')).toBe(deterministicUuid('lot', 'A'));
    expect(deterministicUuid('lot', 'A')).not.toBe(deterministicUuid('lot', 'B'));
    expect(deterministicUuid('lot', 'A')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
