export { dashboardExtension } from './server/dashboard-plugin.ts';
export { exportRoutes, XLSX_TYPE } from './server/export-routes.ts';
export { ensureDashboardBuilt, bundleIsFresh, DIST_DIR } from './build/dashboard-build.ts';
export { rankingReports, type RankingReport, type ScoredAssignment } from './exports/ranking-report.ts';
export { rankingWorkbook, rankingWorkbookBuffer, SUMMARY_SHEET, RULEBOOK_SHEET, TOTAL_LABEL, areaSheetName } from './exports/ranking-workbook.ts';
export { exportReadModels, READ_MODEL_EXPORTS, type ExportFormat } from './exports/read-model-files.ts';
