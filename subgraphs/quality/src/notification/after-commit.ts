import type { DataSource, EntityManager, EntitySubscriberInterface, QueryRunner } from 'typeorm';

/**
 * Tells listeners once a transaction that published something has committed (never on rollback), so the
 * webhook dispatcher and the live stream look at once instead of at their next poll.
 */
export class AfterCommit {
  private readonly waiting = new WeakSet<QueryRunner>();
  private readonly listeners: Array<() => void> = [];
  private readonly subscriber: EntitySubscriberInterface = {
    afterTransactionCommit: ({ queryRunner }) => {
      // A savepoint released inside the transaction commits nothing yet.
      if (queryRunner.isTransactionActive || !this.waiting.has(queryRunner)) return;
      this.waiting.delete(queryRunner);
      this.fire();
    },
    afterTransactionRollback: ({ queryRunner }) => {
      if (!queryRunner.isTransactionActive) this.waiting.delete(queryRunner);
    },
  };

  constructor(private readonly dataSource: DataSource) {}

  onCommitted(listener: () => void): void {
    this.listeners.push(listener);
  }

  /** Asks to be told when the manager's transaction commits. */
  watch(manager: EntityManager): void {
    const runner = manager.queryRunner;
    if (!runner?.isTransactionActive) {
      queueMicrotask(() => this.fire());
      return;
    }
    // DataSource.initialize() replaces its subscriber list, so the hook joins it on first use.
    if (!this.dataSource.subscribers.includes(this.subscriber)) this.dataSource.subscribers.push(this.subscriber);
    this.waiting.add(runner);
  }

  private fire(): void {
    for (const listener of this.listeners) listener();
  }
}
