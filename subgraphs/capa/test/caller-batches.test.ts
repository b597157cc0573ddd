import { CallerBatches } from '../src/graph/caller-batches';

describe('batching one caller\'s graph questions', () => {
  it('answers what one caller asks in the same tick with one call, each key its own answer or error', async () => {
    const calls: Array<{ keys: readonly string[]; token: string | null | undefined }> = [];
    const batches = new CallerBatches<string, string>(async (keys, caller) => {
      calls.push({ keys, token: caller.token });
      return keys.map((key) => (key === 'bad' ? new Error(`no ${key}`) : key.toUpperCase()));
    });
    const manager = { token: 't1', requestId: 'r1' };
    const auditor = { token: 't2', requestId: 'r2' };
    const asked = [batches.load('a', manager), batches.load('b', manager), batches.load('bad', manager), batches.load('c', auditor)];
    const settled = await Promise.allSettled(asked);
    expect(settled.map((s) => (s.status === 'fulfilled' ? s.value : (s.reason as Error).message))).toEqual(['A', 'B', 'no bad', 'C']);
    expect(calls).toEqual([{ keys: ['a', 'b', 'bad'], token: 't1' }, { keys: ['c'], token: 't2' }]);

    // Asked after the batch went out: a batch of its own.
    expect(await batches.load('d', manager)).toBe('D');
    expect(calls.at(-1)).toEqual({ keys: ['d'], token: 't1' });
  });
});
