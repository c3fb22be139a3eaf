export * from './assignment-text.ts';
export { cleanCellText, collapseSpaces } from './cell-text.ts';
export * from './deadline-grammar.ts';
export * from './plan-definition.ts';
export * from './plan-document-parser.ts';
export { type ImportPlanFileOptions, importPlanFile, type PlanFileFormat } from './plan-file/plan-file.ts';
export { detectFileKind, type FileKind, refusalOf } from './plan-file/plan-file-kind.ts';
export * from './plan-years.ts';
export * from './unit-registry.ts';
