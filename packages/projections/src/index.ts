export * from './read-models/assignment-statuses.ts';
export { FACT_TABLES } from './read-models/fact-tables.ts';
export * from './read-models/projection-engine.ts';
export { type ReferenceUnitScore, referenceRanking } from './reference/reference-ranking.ts';
export * from './rulebook/rulebook.ts';
export * from './rulebook/rulebook-tables.ts';
export * from './scoring/explain.ts';
export * from './scoring/publish-ranking.ts';
export * from './scoring/ranking-service.ts';
