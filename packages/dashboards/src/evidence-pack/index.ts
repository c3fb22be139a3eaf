export * from './build-pack.ts';
export * from './pack-io.ts';
export { verifierHtml } from './verifier-html.ts';
