import type { RequestHandler } from 'express';
import { Counter, Histogram, type Registry } from 'prom-client';
import { requestState } from '../http/request-state.ts';

/** Counts and times every request by operation id and status. */
export function httpMetrics(registry: Registry): RequestHandler {
  const requests = new Counter({
    name: 'omnihub_http_requests_total',
    help: 'HTTP requests answered, by operation and status',
    labelNames: ['operation', 'method', 'status'],
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'omnihub_http_request_duration_seconds',
    help: 'HTTP request duration in seconds, by operation',
    labelNames: ['operation', 'method'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      let operation = 'unmatched';
      try {
        operation = requestState(res).operation.operationId;
      } catch {
        // no contract match (404/405): counted as unmatched
      }
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      requests.inc({ operation, method: req.method, status: String(res.statusCode) });
      duration.observe({ operation, method: req.method }, seconds);
    });
    next();
  };
}
