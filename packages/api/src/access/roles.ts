/** Who may do what through the API. A key has exactly one role; a reporter is bound to one unit. */
export const ROLES = ['analyst', 'reporter', 'office', 'inspector', 'admin', 'appraiser'] as const;
export type Role = (typeof ROLES)[number];

/**
 * What a route needs:
 * - `read`: aggregates, plans, tasks, units, rankings (every role);
 * - `audit`: streams with their hashes, chain verification (inspector, admin);
 * - `report`: a unit's own work, i.e. start/progress/submit on its assignments and its periodic
 *   reports (a reporter for its unit; the office for any unit);
 * - `office`: the plan, deadlines, excuses, appraisal (complete/return/reopen/cancel), units,
 *   indicators, publishing the ranking (office);
 * - `keys`: issuing and revoking keys (admin);
 * - `appraise`: the department index's appraisal: appraise criteria, request explanations, enter
 *   survey results, publish the index (appraiser: the council led by Sở Nội vụ). The office
 *   self-scores, submits and answers with `office`.
 */
export const PERMISSIONS = ['read', 'audit', 'report', 'office', 'keys', 'appraise'] as const;
export type Permission = (typeof PERMISSIONS)[number];

const GRANTS: Record<Role, readonly Permission[]> = {
  analyst: ['read'],
  reporter: ['read', 'report'],
  office: ['read', 'report', 'office'],
  inspector: ['read', 'audit'],
  admin: ['read', 'audit', 'keys'],
  appraiser: ['read', 'appraise'],
};

export function roleMay(role: Role, permission: Permission): boolean {
  return GRANTS[role].includes(permission);
}

/** The caller behind a request, once its key is checked. */
export interface Principal {
  readonly keyId: string;
  readonly role: Role;
  /** Only for reporters: the unit they act for. */
  readonly unitId?: string;
  readonly label?: string;
}

/** The actor recorded in the metadata of every event a key appends. */
export function actorOf(principal: Principal): string {
  return `api:${principal.role}:${principal.keyId}${principal.label ? `:${principal.label}` : ''}`;
}
