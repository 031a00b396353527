/** @omnihub/openapi: the facade. */
export { createApp, type AppDeps } from './app.ts';
export { startHub, type RunningHub, type StartOptions } from './hub.ts';
export { ApiContract, OPENAPI_PATH, type OperationContract, type OperationMatch } from './contract/contract.ts';
export { problemOf, sendProblem, PROBLEM_TYPE_BASE, type Problem } from './http/problem.ts';
export type { HealthSource } from './routes/health.ts';
export type { components, paths, operations } from './generated/api-types.ts';
