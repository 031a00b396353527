import type { Output } from './output.ts';
import { processOutput } from './output.ts';

/** Where a progress bar is drawn. */
export interface ProgressSink {
  /** Whether the sink is a terminal: then the bar is redrawn in place. */
  tty: boolean;
  /** Writes text as is (with `\r` redraws on a terminal, whole lines otherwise). */
  write(text: string): void;
}

/** Width of the bar in characters, between the brackets. */
const BAR_WIDTH = 30;

/** `[#####.....] 120/300` */
export function renderBar(done: number, total: number, width = BAR_WIDTH): string {
  const filled = total <= 0 ? width : Math.min(width, Math.round((done / total) * width));
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`;
}

/**
 * A progress bar for long work (replays, backfills) on stderr: redrawn in place with `\r` on a
 * terminal, one line per step otherwise, so CI logs stay readable.
 */
export class Progress {
  readonly #sink: ProgressSink;
  readonly #total: number;
  readonly #label: string;
  #drawn = false;

  constructor(total: number, label: string, sink: ProgressSink) {
    this.#total = total;
    this.#label = label;
    this.#sink = sink;
  }

  /** Shows `done` of the total. */
  update(done: number): void {
    const text = `${this.#label} ${renderBar(done, this.#total)}`;
    if (this.#sink.tty) {
      this.#sink.write(`\r${text}`);
      this.#drawn = true;
    } else {
      this.#sink.write(`${text}\n`);
    }
  }

  /** Ends the redrawn line, so what follows starts on a fresh one. */
  finish(): void {
    if (this.#drawn) this.#sink.write('\n');
    this.#drawn = false;
  }
}

/**
 * The progress sink of a command: the real stderr when the CLI writes to the process and stderr
 * is a terminal, else whole lines through the command's output (captured by tests).
 */
export function progressSink(output: Output): ProgressSink {
  if (output === processOutput && process.stderr.isTTY) {
    return { tty: true, write: (text) => process.stderr.write(text) };
  }
  return { tty: false, write: (text) => output.err(text.replace(/\n$/, '')) };
}
