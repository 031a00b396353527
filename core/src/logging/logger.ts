import { pino, type Logger, type DestinationStream } from 'pino';
import { currentCorrelation } from './correlation.ts';

/**
 * Paths pino censors in every log line: credentials in headers, configs and errors.
 * Connector configs add their own secret fields through `secretPaths`.
 */
export const REDACTED_PATHS = [
  'authorization',
  'apiKey',
  'password',
  'secret',
  'token',
  '*.authorization',
  '*.apiKey',
  '*.password',
  '*.secret',
  '*.token',
  '*.accessToken',
  '*.clientSecret',
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'headers["x-api-key"]',
  'config.*.secret',
];

/** Options of {@link createLogger}. */
export interface LoggerOptions {
  level?: string;
  name?: string;
  /** Extra paths to censor. */
  secretPaths?: string[];
  /** Where lines go (default stdout); tests pass a capturing stream. */
  destination?: DestinationStream;
}

/**
 * Creates a pino JSON logger that stamps each line with the current correlation id and
 * censors secrets. Also scrubs bearer tokens and `ohk_` API keys from free text.
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const settings = {
    level: options.level ?? 'info',
    name: options.name ?? 'omnihub',
    redact: { paths: [...REDACTED_PATHS, ...(options.secretPaths ?? [])], censor: '[redacted]' },
    mixin: () => {
      const context = currentCorrelation();
      return context === undefined ? {} : { ...context };
    },
    hooks: {
      logMethod(this: Logger, args: Parameters<Logger['info']>, method: Logger['info']) {
        method.apply(this, args.map((arg) => (typeof arg === 'string' ? scrubSecrets(arg) : arg)) as Parameters<Logger['info']>);
      },
    },
  };
  return options.destination === undefined ? pino(settings) : pino(settings, options.destination);
}

const SECRET_PATTERNS: RegExp[] = [/Bearer\s+[A-Za-z0-9._~+/=-]+/g, /\bohk_[A-Za-z0-9_-]+/g];

/** Replaces bearer tokens and omnihub API keys inside free text. */
export function scrubSecrets(text: string): string {
  return SECRET_PATTERNS.reduce((out, pattern) => out.replace(pattern, '[redacted]'), text);
}
