import type { Response } from 'express';
import type { ApiKeyRecord, FieldError } from '@omnihub/core';
import type { OperationContract } from '../contract/contract.ts';

/** What the middleware chain learns about a request, for later middleware and handlers. */
export interface RequestState {
  operation: OperationContract;
  /** Path parameters, converted to numbers where the contract says so. */
  params: Record<string, string | number>;
  apiKey?: ApiKeyRecord;
  /**
   * The body's contract violations left to the handler (all inside the operation's
   * `bodyCheckedWithin`); absent when the body matches the contract.
   */
  bodyErrors?: FieldError[];
}

const states = new WeakMap<Response, RequestState>();

/** Stores the state of the request answered by `res`. */
export function setRequestState(res: Response, state: RequestState): void {
  states.set(res, state);
}

/** The state of the request answered by `res`; throws if the contract middleware did not run. */
export function requestState(res: Response): RequestState {
  const state = states.get(res);
  if (state === undefined) throw new Error('request state missing: the contract middleware must run first');
  return state;
}

/** Path parameter `name` as a string. */
export function stringParam(res: Response, name: string): string {
  return String(requestState(res).params[name]);
}

/** Path parameter `name` as a number (the contract validated it). */
export function numberParam(res: Response, name: string): number {
  return Number(requestState(res).params[name]);
}

/** The API key of an authenticated request: its name is the actor of audited actions. */
export function callerOf(res: Response): { id: string; name: string } {
  const key = requestState(res).apiKey;
  if (key === undefined) throw new Error('no API key on an authenticated operation');
  return key;
}

/** The name of the calling API key, the actor recorded in audit entries. */
export function actorOf(res: Response): string {
  return callerOf(res).name;
}
