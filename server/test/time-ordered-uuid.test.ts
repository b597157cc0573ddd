import { timeOrderedUuid } from '../src';

describe('time-ordered ids', () => {
  it('sort in the order they were made, even thousands within one millisecond, and are version 7 UUIDs', () => {
    const ids = Array.from({ length: 10_000 }, () => timeOrderedUuid());
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
