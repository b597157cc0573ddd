import type { EntityManager } from 'typeorm';
import type { Outbox, OutboxMessage } from './outbox';

export interface OutboxDelivery {
  /** Delivers one message; throws when it was not delivered. Must be idempotent: a message may come twice. */
  deliver(message: OutboxMessage): Promise<void>;
  /** Runs in the transaction that marks the message delivered (what the delivery completes, e.g. a status). */
  delivered?(manager: EntityManager, message: OutboxMessage): Promise<void>;
}

export interface OutboxDispatcherOptions {
  /** How often due messages are looked for; `wake()` looks at once. */
  pollMs?: number;
  batchSize?: number;
  /** How long a claimed message is left to its dispatcher before it is due again (a dispatcher that died). */
  leaseMs?: number;
  /** Wait before the next attempt after `attempts` failed ones. */
  backoffMs?: (attempts: number) => number;
  /** The topics this dispatcher delivers (its delivery's); every topic when not given. */
  topics?: readonly string[];
}

/** 0.5 s, 1 s, 2 s, ... up to 5 minutes. */
export const defaultBackoffMs = (attempts: number): number => Math.min(500 * 2 ** Math.max(0, attempts - 1), 300_000);

/**
 * Delivers an outbox's messages: claims due ones, delivers each, marks it delivered or keeps the error and
 * retries it later with backoff. Undelivered messages survive a restart in the table and are delivered by the
 * next dispatcher. In-process delivery, the embedded default; a JetStream transport could replace `deliver`.
 */
export class OutboxDispatcher {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private again = false;
  private started = false;
  private readonly pollMs: number;
  private readonly batchSize: number;
  private readonly leaseMs: number;
  private readonly backoffMs: (attempts: number) => number;
  private readonly topics: readonly string[] | undefined;

  constructor(
    private readonly outbox: Outbox,
    private readonly delivery: OutboxDelivery,
    options: OutboxDispatcherOptions = {},
  ) {
    this.pollMs = options.pollMs ?? 1000;
    this.batchSize = options.batchSize ?? 20;
    this.leaseMs = options.leaseMs ?? 30_000;
    this.backoffMs = options.backoffMs ?? defaultBackoffMs;
    this.topics = options.topics;
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    this.schedule(0);
  }

  /** Stops polling and waits for the delivery under way. */
  async stop(): Promise<void> {
    this.started = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
  }

  /** Looks for due messages now (after an enqueue has committed). */
  wake(): void {
    if (!this.started) return;
    if (this.running) this.again = true;
    else this.schedule(0);
  }

  /** One pass: delivers every message due now; answers how many were delivered. */
  async runOnce(): Promise<number> {
    if (this.running) return this.running;
    this.running = this.pass().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async pass(): Promise<number> {
    let delivered = 0;
    for (;;) {
      const messages = await this.outbox.claimDue(this.batchSize, this.leaseMs, this.topics);
      for (const message of messages) {
        if (await this.deliverOne(message)) delivered += 1;
      }
      if (messages.length < this.batchSize) return delivered;
    }
  }

  private async deliverOne(message: OutboxMessage): Promise<boolean> {
    try {
      await this.delivery.deliver(message);
    } catch (err) {
      await this.outbox.markFailed(message.id, (err as Error).message ?? String(err), this.backoffMs(message.attempts));
      return false;
    }
    try {
      await this.outbox.transaction(async (manager) => {
        await this.outbox.markDelivered(manager, message.id);
        await this.delivery.delivered?.(manager, message);
      });
    } catch (err) {
      // Delivered, but not recorded: kept with the reason and delivered again (the receiver is idempotent).
      const reason = `delivered but not recorded as delivered: ${(err as Error).message ?? String(err)}`;
      await this.outbox.markFailed(message.id, reason, this.backoffMs(message.attempts));
      return false;
    }
    return true;
  }

  private schedule(delayMs: number): void {
    if (!this.started) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.runOnce()
        .catch((err: Error) => console.warn(`outbox dispatcher: ${err.message}`))
        .finally(() => {
          const now = this.again;
          this.again = false;
          this.schedule(now ? 0 : this.pollMs);
        });
    }, delayMs);
    this.timer.unref?.();
  }
}
