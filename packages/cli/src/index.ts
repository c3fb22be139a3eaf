export { main, buildProgram } from './main.ts';
export { resolveDataDir, storePath } from './data-dir.ts';
export { EXIT } from './exit-codes.ts';
