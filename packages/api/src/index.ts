export { type ApiKeyRecord, ApiKeyStore, KeyFileError, type NewKey } from './access/api-keys.ts';
export { actorOf, PERMISSIONS, type Permission, type Principal, ROLES, type Role, roleMay } from './access/roles.ts';
export * from './answers/index.ts';
export type { ApiServices } from './api-services.ts';
export { API_VERSION, type ApiExtension, type AppOptions, buildApp } from './app.ts';
export { PROBLEM_CODE_LIST, PROBLEM_CODES, type ProblemCode } from './http/problem-codes.ts';
export { asOfQuery, planIdParam, yearParam } from './http/schemas.ts';
export {
  BACKUP_KEYS_FILE,
  BACKUP_MANIFEST,
  BACKUP_STORE_FILE,
  BackupError,
  type BackupManifest,
  backupDataDir,
  checkBackup,
  restoreDataDir,
} from './operations/backup.ts';
export { askServerForBackup, ControlError, controlSocketPath } from './operations/control-socket.ts';
export { ReadModels } from './read-models.ts';
export { type ProblemAnswer, problemSchema } from './routes/openapi-shapes.ts';
export { type RouteGroupOptions, routeGroup } from './routes/route-group.ts';
export { keyFileOf, openServices, type RunningServer, startServer } from './server.ts';
