import { ensureDashboardBuilt } from './dashboard-build.ts';

/** Vitest globalSetup: the browser tests need the bundle, built once before any worker starts. */
export default async function setup(): Promise<void> {
  await ensureDashboardBuilt({ log: (line) => console.log(line) });
}
