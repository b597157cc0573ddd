import type { BackgroundWorker } from '@lotgraph/server';
import type { ExceptionEventRepository, StoredEvent } from './exception-event.repository';

export interface FeedPage {
  /** Where the next read resumes (the last event's id, or the one asked after when there was none). */
  lastEventId: string;
  events: StoredEvent[];
}

/**
 * Reads the exception event log for the live stream, waiting (long poll) until there is something after the
 * id asked for. Woken at once by a commit in this process; a slow poll finds events other processes wrote.
 */
export class ExceptionEventFeed implements BackgroundWorker {
  private readonly sleepers = new Set<() => void>();
  private generation = 0;
  private stopped = false;

  constructor(
    private readonly log: ExceptionEventRepository,
    private readonly pollMs = 2000,
  ) {}

  start(): void {
    this.stopped = false;
  }

  /** Answers every waiting read, so a stopping server is not held by them. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.notify();
  }

  /** Events were committed: waiting reads look again now. */
  notify(): void {
    this.generation += 1;
    for (const wake of [...this.sleepers]) wake();
  }

  /** Events after `after` (at most `limit`), waiting up to `waitMs` for one; without `after`, where "now" is. */
  async read(after: string | null, options: { limit: number; waitMs: number }): Promise<FeedPage> {
    const last = await this.log.lastId();
    // Without an id, or with one beyond the log (a client of another database, which would wait for ids that
    // are not coming), the reader starts at the newest event.
    if (after === null || BigInt(after) > BigInt(last)) return { lastEventId: last, events: [] };
    const deadline = Date.now() + options.waitMs;
    for (;;) {
      const seen = this.generation;
      const events = await this.log.findAfter(after, options.limit);
      const left = deadline - Date.now();
      if (events.length > 0 || left <= 0 || this.stopped) return { lastEventId: events.at(-1)?.id ?? after, events };
      if (seen === this.generation) await this.sleep(Math.min(left, this.pollMs));
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      timer.unref?.();
      this.sleepers.add(wake);
    });
  }
}
