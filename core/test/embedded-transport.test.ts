import { after } from 'node:test';
import { openEmbeddedTransport } from '@omnihub/core';
import { pgliteFactory, postgresFactory, transportContractSuite, type TestStore } from '@omnihub/core/testing';

// Subscriber names are fresh in every test, so one database per store kind serves all of them;
// transports opened with the same prefix share that database as processes of one deployment do.
const opened: Promise<TestStore>[] = [];
for (const factory of [pgliteFactory, postgresFactory]) {
  let shared: Promise<TestStore> | undefined;
  transportContractSuite(`embedded on ${factory.name}`, async () => {
    shared ??= factory.open();
    if (!opened.includes(shared)) opened.push(shared);
    const { store } = await shared;
    return openEmbeddedTransport({ store, leaseMs: 60_000, pollMs: 20 });
  });
}

after(async () => {
  for (const testStore of opened) await (await testStore).dispose();
});
