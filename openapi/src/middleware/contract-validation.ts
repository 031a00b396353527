import type { RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { HubError, pointerSegment, pointerWithin, toFieldErrors, type FieldError } from '@omnihub/core';
import type { ApiContract, ParameterContract, Validator } from '../contract/contract.ts';
import { problemOf, sendProblem } from '../http/problem.ts';
import { requestState, setRequestState } from '../http/request-state.ts';
import { parseJsonOrText } from '../http/parse-json.ts';

function rawParam(param: ParameterContract, req: Parameters<RequestHandler>[0], pathParams: Record<string, string>): string | undefined {
  if (param.in === 'path') return pathParams[param.name];
  if (param.in === 'header') return req.get(param.name);
  const value = (req.query as Record<string, unknown>)[param.name];
  return typeof value === 'string' ? value : Array.isArray(value) ? String(value[0]) : undefined;
}

function checkParameters(operation: ApiContract['operations'] extends () => (infer O)[] ? O : never, req: Parameters<RequestHandler>[0], pathParams: Record<string, string>): { params: Record<string, string | number>; errors: FieldError[] } {
  const params: Record<string, string | number> = {};
  const errors: FieldError[] = [];
  for (const param of operation.parameters) {
    const raw = rawParam(param, req, pathParams);
    const where = `/${param.in}/${pointerSegment(param.name)}`;
    if (raw === undefined) {
      if (param.required) errors.push({ path: where, message: 'is required', keyword: 'required' });
      continue;
    }
    const value = param.numeric && /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw;
    if (!param.validate(value)) errors.push(...toFieldErrors(param.validate.errors, where));
    params[param.name] = value;
  }
  return { params, errors };
}

function mediaTypeOf(header: string | undefined): string | undefined {
  return header?.split(';')[0]?.trim().toLowerCase();
}

/**
 * Finds the request's operation in the contract and validates parameters and body against it:
 * unknown paths give 404, known paths with another method 405, bad input 400/415/422 problems.
 */
export function validateRequests(contract: ApiContract): RequestHandler {
  return (req, res, next) => {
    const match = contract.match(req.method, req.path);
    if (match.kind === 'not-found') {
      sendProblem(res, problemOf('not-found', `no route ${req.method} ${req.path}`));
      return;
    }
    if (match.kind === 'method-not-allowed') {
      res.setHeader('allow', match.allowed.join(', '));
      sendProblem(res, problemOf('method-not-allowed', `${req.method} is not allowed on ${req.path}; use ${match.allowed.join(', ')}`));
      return;
    }
    const { operation } = match;
    const { params, errors } = checkParameters(operation, req, match.params);
    if (errors.length > 0) {
      next(new HubError('bad-request', { detail: 'invalid request parameters', errors }));
      return;
    }
    setRequestState(res, { operation, params });
    next();
  };
}

/** Validates the parsed body; runs after authentication so strangers learn nothing of the schema. */
export function validateBodies(): RequestHandler {
  return (req, res, next) => {
    const { operation } = requestState(res);
    if (operation.requestBodies.size === 0) {
      next();
      return;
    }
    const hasBody = Number(req.get('content-length') ?? 0) > 0 || req.get('transfer-encoding') !== undefined;
    if (!hasBody) {
      next(operation.requestBodyRequired ? new HubError('bad-request', { detail: 'a request body is required' }) : undefined);
      return;
    }
    const media = mediaTypeOf(req.get('content-type'));
    const validate = media === undefined ? undefined : operation.requestBodies.get(media);
    if (validate === undefined) {
      next(new HubError('unsupported-media-type', { detail: `send one of: ${[...operation.requestBodies.keys()].join(', ')}` }));
      return;
    }
    if (!validate(req.body)) {
      const errors = toFieldErrors(validate.errors, '', req.body);
      const within = operation.bodyCheckedWithin;
      if (within !== undefined && errors.every((error) => pointerWithin(error.path, within))) {
        // The handler reports these with what its own checks find in the rest of that part.
        requestState(res).bodyErrors = errors;
        next();
        return;
      }
      next(new HubError('validation-failed', { detail: 'the request body does not match the contract', errors }));
      return;
    }
    next();
  };
}

/**
 * Checks every JSON response against the contract before it leaves. A mismatch is a bug in the
 * hub: it is logged and answered with a 500 problem rather than sent out of contract.
 */
export function validateResponses(logger: Logger): RequestHandler {
  return (_req, res, next) => {
    const send = res.send.bind(res);
    res.send = function checkedSend(this: Response, body?: unknown): Response {
      const state = requestStateOrUndefined(res);
      const media = mediaTypeOf(String(res.getHeader('content-type') ?? ''));
      if (state !== undefined && media !== undefined && (media.endsWith('json'))) {
        const validate: Validator | undefined =
          state.operation.responses.get(`${res.statusCode} ${media}`) ?? state.operation.responses.get(`default ${media}`);
        const parsed: unknown = typeof body === 'string' ? parseJsonOrText(body) : body;
        if (validate === undefined || !validate(parsed)) {
          const errors = validate === undefined ? [] : toFieldErrors(validate.errors);
          logger.error({ operationId: state.operation.operationId, status: res.statusCode, media, errors }, 'response violates the OpenAPI contract');
          res.status(500).type('application/problem+json');
          return send(JSON.stringify(problemOf('internal', `response of ${state.operation.operationId} violates the contract`)));
        }
      }
      return send(body);
    };
    next();
  };
}

function requestStateOrUndefined(res: Response): ReturnType<typeof requestState> | undefined {
  try {
    return requestState(res);
  } catch {
    return undefined;
  }
}
