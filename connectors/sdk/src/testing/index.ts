/** @omnihub/connector-sdk/testing: what connector authors and the conformance kit use in tests. */
export { fixedClock, type TestClock } from './fixed-clock.ts';
export { captureLogger, type CapturedLogger, type CapturedLine } from './capture-logger.ts';
export { memoryCursorStore, type MemoryCursorStore } from './memory-cursor-store.ts';
export { createTestContext, type TestContext, type TestContextOptions } from './create-test-context.ts';
