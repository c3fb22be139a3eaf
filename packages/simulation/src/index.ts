export { simulate, type SimulateOptions, type SimulationResult } from './simulate.ts';
export { scriptYear, type Department, type ScriptFacts, type ScriptStep, type TimedStep } from './year-script.ts';
export { BatchingLedger, type StreamNames } from './batching-ledger.ts';
export { Random } from './random.ts';
