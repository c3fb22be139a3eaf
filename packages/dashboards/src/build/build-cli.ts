import { ensureDashboardBuilt } from './dashboard-build.ts';

/** `pnpm --filter @cchc/dashboards build`: builds the bundle if it is missing or stale. */
const built = await ensureDashboardBuilt({ log: (line) => console.log(line) });
if (!built) console.log('Bảng điều khiển đã mới nhất — the dashboard bundle is up to date');
