import type { Response } from 'express';
import { ERROR_CODES, type ErrorCode, type FieldError } from '@omnihub/core';

/** RFC 9457 problem details with omnihub's `code`, `correlationId` and field `errors`. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  code: ErrorCode;
  correlationId?: string;
  errors?: FieldError[];
}

/** Base of every problem `type` URI; `docs/errors.md` has a section per code. */
export const PROBLEM_TYPE_BASE = 'https://omnihub.dev/problems/';

/** Builds the problem document for `code`. */
export function problemOf(code: ErrorCode, detail?: string, extra: Partial<Problem> = {}): Problem {
  const { status, title } = ERROR_CODES[code];
  return {
    type: `${PROBLEM_TYPE_BASE}${code}`,
    title,
    status,
    code,
    ...(detail === undefined ? {} : { detail }),
    ...extra,
  };
}

/** Sends a problem as `application/problem+json`. */
export function sendProblem(res: Response, problem: Problem): void {
  const correlationId = res.getHeader('x-correlation-id');
  const body = typeof correlationId === 'string' ? { ...problem, correlationId } : problem;
  res.status(problem.status).type('application/problem+json').send(JSON.stringify(body));
}
