import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import { withCorrelation } from '@omnihub/core';

const ACCEPTABLE = /^[A-Za-z0-9._:-]{1,200}$/;

/**
 * Takes the caller's `X-Correlation-Id` (or makes one), echoes it on the response and attaches it
 * to every log line written while the request is handled.
 */
export function correlation(): RequestHandler {
  return (req, res, next) => {
    const given = req.get('x-correlation-id');
    const correlationId = given !== undefined && ACCEPTABLE.test(given) ? given : randomUUID();
    res.setHeader('x-correlation-id', correlationId);
    res.locals['correlationId'] = correlationId;
    withCorrelation({ correlationId }, next);
  };
}
