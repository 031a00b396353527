import type { ConnectorLogger } from '../context.ts';

/** One captured log line. */
export interface CapturedLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  fields: Record<string, unknown>;
  message: string;
}

/** A logger that keeps its lines for assertions. */
export interface CapturedLogger extends ConnectorLogger {
  readonly lines: CapturedLine[];
  /** Every line as JSON, one per line: search it for what must (not) be logged. */
  text: () => string;
  /** Forgets the lines captured so far. */
  clear: () => void;
}

/**
 * A {@link ConnectorLogger} recording every line in memory.
 *
 * @example
 * const logs = captureLogger();
 * await connector.actions.push.execute(input, { ...ctx, logger: logs });
 * assert.doesNotMatch(logs.text(), /s3cr3t/);
 */
export function captureLogger(): CapturedLogger {
  const lines: CapturedLine[] = [];
  const record =
    (level: CapturedLine['level']) =>
    (fields: Record<string, unknown>, message: string): void => {
      lines.push({ level, fields, message });
    };
  return {
    lines,
    debug: record('debug'),
    info: record('info'),
    warn: record('warn'),
    error: record('error'),
    text: () => lines.map((line) => JSON.stringify(line)).join('\n'),
    clear: () => {
      lines.length = 0;
    },
  };
}
