import DataLoader from 'dataloader';
import type { GraphCaller } from '@lotgraph/server';

/**
 * Gathers the graph questions one caller asks in the same tick (a page of CAPAs, each asking for its effectiveness
 * or containment) into one batch, answered by one gateway call. A batch answers each key, or an Error for that key.
 */
export class CallerBatches<K, V> {
  private readonly open = new Map<string, DataLoader<K, V>>();

  constructor(private readonly answer: (keys: readonly K[], caller: GraphCaller) => Promise<Array<V | Error>>) {}

  load(key: K, caller: GraphCaller): Promise<V> {
    const id = `${caller.requestId ?? ''}|${caller.token ?? ''}`;
    let batch = this.open.get(id);
    if (!batch) {
      batch = new DataLoader<K, V>(
        (keys) => {
          // Dispatched: what the caller asks from now on goes into a new batch.
          this.open.delete(id);
          return this.answer(keys, caller);
        },
        { cache: false },
      );
      this.open.set(id, batch);
    }
    return batch.load(key);
  }
}
