/** @omnihub/core/testing: helpers for tests against real services, for omnihub and connector authors. */
export { TEST_DATABASE_URL, TEST_AMQP_URL, freshName, serviceMissing } from './services.ts';
export { STORE_FACTORIES, pgliteFactory, postgresFactory, dropSchema, type StoreFactory, type TestStore } from './stores.ts';
export { transportContractSuite } from './transport-contract.ts';
export { waitFor, type WaitForOptions } from './wait-for.ts';
export { BROKER_SETUPS, embeddedSetup, rabbitSetup, startedSubscribers, type BrokerSetup, type TestBroker } from './brokers.ts';
