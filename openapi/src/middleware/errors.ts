import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { isHubError } from '@omnihub/core';
import { problemOf, sendProblem } from '../http/problem.ts';

interface BodyParserError {
  type?: unknown;
  status?: unknown;
}

function bodyParserType(error: unknown): string | undefined {
  if (error === null || typeof error !== 'object') return undefined;
  const type = (error as BodyParserError).type;
  return typeof type === 'string' ? type : undefined;
}

/** Turns every error into problem+json: codes from HubError, body-parser failures, else 500. */
export function problemErrors(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    if (res.headersSent) {
      logger.error({ err: error, path: req.path }, 'error after the response started');
      res.end();
      return;
    }
    if (isHubError(error)) {
      sendProblem(res, problemOf(error.code, error.message, error.errors.length > 0 ? { errors: error.errors } : {}));
      return;
    }
    switch (bodyParserType(error)) {
      case 'entity.parse.failed':
        sendProblem(res, problemOf('malformed-json', 'the request body is not valid JSON'));
        return;
      case 'entity.too.large':
        sendProblem(res, problemOf('payload-too-large', 'the request body exceeds the configured limit'));
        return;
      case 'encoding.unsupported':
      case 'charset.unsupported':
        sendProblem(res, problemOf('unsupported-media-type', 'the request body encoding is not supported'));
        return;
      default:
        logger.error({ err: error, method: req.method, path: req.path }, 'unhandled error');
        sendProblem(res, problemOf('internal', 'an unexpected error occurred; the correlation id finds it in the logs'));
    }
  };
}

/** 404 problem for routes the contract matched but no handler served. */
export function notFound(): RequestHandler {
  return (req, res) => {
    sendProblem(res, problemOf('not-found', `no route ${req.method} ${req.path}`));
  };
}
