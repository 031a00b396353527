import { CliError, problemTag } from './cli-error.ts';

/** Where the CLI finds the hub and which key it sends. */
export interface ClientSettings {
  url: string;
  apiKey: string | undefined;
}

interface ProblemBody {
  title?: string;
  detail?: string;
  code?: string;
  errors?: { path: string; message: string }[];
}

function isProblem(value: unknown): value is ProblemBody {
  return value !== null && typeof value === 'object' && ('title' in value || 'detail' in value);
}

/** Thin client for the facade: JSON in and out, problem+json turned into {@link CliError}. */
export class ApiClient {
  readonly #settings: ClientSettings;

  constructor(settings: ClientSettings) {
    this.#settings = settings;
  }

  /** Sends a request and returns the parsed JSON (or text) body of a 2xx reply. */
  async request<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
    const url = new URL(path, this.#settings.url);
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: {
          accept: 'application/json, application/problem+json, text/plain',
          ...(this.#settings.apiKey === undefined ? {} : { authorization: `Bearer ${this.#settings.apiKey}` }),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(30_000),
      });
    } catch (error: unknown) {
      const reason = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
      throw new CliError(`cannot reach the hub at ${this.#settings.url}: ${reason} (set OMNIHUB_URL or --url)`);
    }
    const text = await response.text();
    const parsed: unknown = text.length > 0 && /json/.test(response.headers.get('content-type') ?? '') ? JSON.parse(text) : text;
    if (!response.ok) throw problemError(response.status, parsed, this.#settings.apiKey === undefined);
    return parsed as T;
  }
}

function problemError(status: number, body: unknown, noKey: boolean): CliError {
  if (!isProblem(body)) return new CliError(`the hub answered ${status}`);
  const hint = status === 401 && noKey ? ' (set OMNIHUB_API_KEY or --api-key)' : '';
  const details = (body.errors ?? []).map((error) => `${error.path === '' ? '(root)' : error.path}: ${error.message}`);
  const problem = { status, code: body.code, detail: body.detail };
  return new CliError(`${body.detail ?? body.title ?? 'request failed'}${problemTag(problem)}${hint}`, { details, problem });
}
