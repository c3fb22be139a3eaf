export { BatchingLedger } from './batching-ledger.ts';
export {
  type DossierFacts,
  type DossierStep,
  type IndexDossierOptions,
  type IndexDossierResult,
  type ScriptedDossier,
  scriptIndexDossier,
  scriptIndexDossiers,
  simulatedDepartmentId,
  simulateIndexDossiers,
} from './index-dossiers.ts';
export { Random } from './random.ts';
export { type SimulateOptions, type SimulationResult, simulate } from './simulate.ts';
export { type Department, type ScriptFacts, type ScriptStep, scriptYear, type TimedStep } from './year-script.ts';
