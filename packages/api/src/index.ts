export { type ApiKeyRecord, ApiKeyStore, KeyFileError, type NewKey } from './access/api-keys.ts';
export { actorOf, PERMISSIONS, type Permission, type Principal, ROLES, type Role, roleMay } from './access/roles.ts';
export type { ApiServices } from './api-services.ts';
export { API_VERSION, type ApiExtension, type AppOptions, buildApp } from './app.ts';
export { ReadModels } from './read-models.ts';
export { keyFileOf, openServices, type RunningServer, startServer } from './server.ts';
