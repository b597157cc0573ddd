import type { BackgroundWorker } from '../http/subgraph-server';

/**
 * Work a subgraph does on a schedule beside its requests (escalating what is overdue): `runOnce` every `everyMs`
 * while the server runs; a failed round is logged under `name` and the next round tries again.
 */
export abstract class PeriodicWorker implements BackgroundWorker {
  private timer: NodeJS.Timeout | undefined;

  protected constructor(
    private readonly name: string,
    private readonly everyMs: number,
  ) {}

  abstract runOnce(now?: Date): Promise<unknown>;

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.runOnce().catch((err: Error) => console.warn(`${this.name}: ${err.message}`)), this.everyMs);
    this.timer.unref?.();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
