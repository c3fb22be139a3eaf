import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LedgerStore, openLedgerStore } from '@cchc/core';
import { seedPlan } from '@cchc/core/testing';
import { simulate } from '@cchc/simulation';
import type { FastifyInstance } from 'fastify';
import { ApiKeyStore } from '../access/api-keys.ts';
import type { Role } from '../access/roles.ts';
import type { ApiServices } from '../api-services.ts';
import { type AppOptions, buildApp } from '../app.ts';
import { keyFileOf, openServices } from '../server.ts';

export { seedPlan };

export interface DemoApi {
  readonly app: FastifyInstance;
  readonly store: LedgerStore;
  readonly services: ApiServices;
  readonly dataDir: string;
  readonly keys: ApiKeyStore;
  /** One key per role (the reporter's is bound to `reporterUnit`). */
  readonly key: Record<Role, string>;
  readonly reporterUnit: string;
  close(): Promise<void>;
}

/** A data directory with the demo year (seed 42), the API on it, and one key per role. */
export async function demoApi(options: AppOptions & { reporterUnit?: string } = {}): Promise<DemoApi> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cchc-api-'));
  const store = await openLedgerStore({ url: join(dataDir, 'events.duckdb') });
  const { plan, registry } = seedPlan();
  await simulate(store, { plan, units: registry.units, seed: 42 });
  const keys = new ApiKeyStore(keyFileOf(dataDir), 0);
  const reporterUnit = options.reporterUnit ?? 'vp-dkdd';
  const key = {
    analyst: (await keys.create({ role: 'analyst', label: 'test' })).key,
    reporter: (await keys.create({ role: 'reporter', unitId: reporterUnit })).key,
    office: (await keys.create({ role: 'office' })).key,
    inspector: (await keys.create({ role: 'inspector' })).key,
    admin: (await keys.create({ role: 'admin' })).key,
    appraiser: (await keys.create({ role: 'appraiser' })).key,
  };
  const services = await openServices(store, keys);
  const app = await buildApp(services, { rateLimitPerMinute: 100_000, ...options });
  return {
    app,
    store,
    services,
    dataDir,
    keys,
    key,
    reporterUnit,
    async close() {
      await app.close();
      await services.close();
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
