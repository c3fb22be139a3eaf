export { resolveDataDir, storePath } from './data-dir.ts';
export { EXIT } from './exit-codes.ts';
export { buildProgram, main } from './main.ts';
