export { buildApp, API_VERSION, type AppOptions, type ApiExtension } from './app.ts';
export { startServer, openServices, keyFileOf, type RunningServer } from './server.ts';
export type { ApiServices } from './api-services.ts';
export { ApiKeyStore, KeyFileError, type ApiKeyRecord, type NewKey } from './access/api-keys.ts';
export { ROLES, PERMISSIONS, roleMay, actorOf, type Role, type Permission, type Principal } from './access/roles.ts';
export { ReadModels } from './read-models.ts';
