/**
 * Runs calls that arrive in the same turn of the event loop together: each {@link call} waits
 * until the turn ends, then all waiting inputs go to `run` at once (at most `maxBatch` per run),
 * which answers one output per input, in order. Used to put many requests' small statements of
 * the same kind (an API key lookup, an idempotency claim) into one statement. Should a run of
 * several inputs fail, each input is run again alone, so one bad input fails only its own call.
 */
export class Coalescer<I, O> {
  readonly #run: (inputs: readonly I[]) => Promise<O[]>;
  readonly #maxBatch: number;
  #waiting: { input: I; resolve: (output: O) => void; reject: (error: unknown) => void }[] = [];
  #scheduled = false;

  constructor(run: (inputs: readonly I[]) => Promise<O[]>, options: { maxBatch?: number } = {}) {
    this.#run = run;
    this.#maxBatch = Math.max(1, options.maxBatch ?? 256);
  }

  /** Queues `input` for the run at the end of this turn; resolves with its output. */
  call(input: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.#waiting.push({ input, resolve, reject });
      if (this.#scheduled) return;
      this.#scheduled = true;
      setImmediate(() => {
        this.#scheduled = false;
        const waiting = this.#waiting;
        this.#waiting = [];
        for (let start = 0; start < waiting.length; start += this.#maxBatch) void this.#settle(waiting.slice(start, start + this.#maxBatch));
      });
    });
  }

  async #settle(batch: readonly { input: I; resolve: (output: O) => void; reject: (error: unknown) => void }[]): Promise<void> {
    let outputs: O[];
    try {
      outputs = await this.#run(batch.map((item) => item.input));
      if (outputs.length !== batch.length) throw new Error(`a coalesced run answered ${outputs.length} outputs for ${batch.length} inputs`);
    } catch (error: unknown) {
      if (batch.length === 1) batch[0]?.reject(error);
      else await Promise.all(batch.map((item) => this.#settle([item])));
      return;
    }
    batch.forEach((item, index) => item.resolve(outputs[index] as O));
  }
}
