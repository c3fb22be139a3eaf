export { bundleIsFresh, DIST_DIR, ensureDashboardBuilt } from './build/dashboard-build.ts';
export * from './evidence-pack/index.ts';
export {
  DOSSIER_HEADERS,
  DOSSIER_INPUTS_SHEET,
  DOSSIER_SHEET,
  DOSSIER_TOTAL_LABEL,
  indexDossierBuffer,
  indexDossierWorkbook,
} from './exports/index-dossier-workbook.ts';
export { type RankingReport, rankingReports, type ScoredAssignment } from './exports/ranking-report.ts';
export {
  areaSheetName,
  RULEBOOK_SHEET,
  rankingWorkbook,
  rankingWorkbookBuffer,
  SUMMARY_SHEET,
  TOTAL_LABEL,
} from './exports/ranking-workbook.ts';
export { type ExportFormat, exportReadModels, READ_MODEL_EXPORTS } from './exports/read-model-files.ts';
export { dashboardExtension } from './server/dashboard-plugin.ts';
export { exportRoutes, XLSX_TYPE } from './server/export-routes.ts';
