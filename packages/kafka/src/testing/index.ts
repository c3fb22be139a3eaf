export * from './kafka-broker.ts';
export type { KafkaTestEnvironment } from './kafka-test-environment.ts';
export * from './ledger-fixture.ts';
