import assert from 'node:assert/strict';
import type { components } from '../src/generated/api-types.ts';

/** Asserts the hub answered `status` (the body is the failure message) and returns the parsed JSON body. */
export async function json<T>(response: Response, status: number): Promise<T> {
  const text = await response.text();
  assert.equal(response.status, status, text);
  return JSON.parse(text) as T;
}

/** Like {@link json}, and asserts the answer carries an `x-correlation-id` header. */
export async function ok<T>(response: Response, status = 200): Promise<T> {
  const text = await response.text();
  assert.equal(response.status, status, text);
  assert.ok(response.headers.get('x-correlation-id'));
  return JSON.parse(text) as T;
}

/** Asserts a problem+json answer with `status` and `code` that names its correlation id; returns its body. */
export async function problem(response: Response, status: number, code: string): Promise<Record<string, unknown>> {
  const text = await response.text();
  assert.equal(response.status, status, text);
  assert.match(response.headers.get('content-type') ?? '', /^application\/problem\+json/);
  const body = JSON.parse(text) as Record<string, unknown>;
  assert.equal(body['code'], code);
  assert.equal(typeof body['correlationId'], 'string');
  return body;
}

/** Asserts a problem+json answer with `status` and `code`; returns its body as the contract's Problem. */
export async function contractProblem(response: Response, status: number, code: string): Promise<components['schemas']['Problem']> {
  assert.match(response.headers.get('content-type') ?? '', /^application\/problem\+json/);
  const body = await json<components['schemas']['Problem']>(response, status);
  assert.equal(body.code, code);
  return body;
}
