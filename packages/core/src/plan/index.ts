export * from './deadline-grammar.ts';
export * from './plan-definition.ts';
export * from './unit-registry.ts';
export * from './assignment-text.ts';
export * from './plan-document-parser.ts';
export { cleanCellText, collapseSpaces } from './cell-text.ts';
