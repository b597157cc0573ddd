/**
 * Reads until `read` gives a value (not null), every 100 ms, for at most `timeoutMs`; then fails naming `what` the
 * demo waited for (the graph's asynchronous steps: holds applied, a webhook delivered, a check judged).
 */
export async function until<T>(timeoutMs: number, what: string, read: () => Promise<T | null>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`the demo waited ${timeoutMs} ms for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
