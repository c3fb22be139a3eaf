export * from './rulebook/rulebook.ts';
export * from './rulebook/rulebook-tables.ts';
export * from './read-models/projection-engine.ts';
export { FACT_TABLES } from './read-models/fact-tables.ts';
export * from './scoring/ranking-service.ts';
export * from './scoring/explain.ts';
export { referenceRanking, type ReferenceUnitScore } from './reference/reference-ranking.ts';
export * from './scoring/publish-ranking.ts';
