import { z } from 'zod';
import { keyRecordSchema } from '../access/api-keys.ts';
import { PERMISSIONS, ROLES } from '../access/roles.ts';
import { logPosition } from './common.ts';

/** GET /health */
export const healthAnswer = z.strictObject({ status: z.literal('ok') });

/** GET /ready, 200 */
export const readyAnswer = z.strictObject({
  status: z.literal('ready'),
  head: logPosition,
  projectionLag: z.number().int().describe('events in the log not yet in the read models'),
});

/** GET /ready, 503 */
export const unavailableAnswer = z.strictObject({
  status: z.literal('unavailable'),
  reason: z.string(),
  /** The stable code of what is wrong: STORE_DAMAGED, STORE_FAILED, READ_MODELS_INCONSISTENT… */
  code: z.string().optional(),
});

/** An API key as the admin sees it: everything but the hash of its secret. */
export const keyAnswer = keyRecordSchema.omit({ secretSha256: true });
export type ApiKeyShown = z.infer<typeof keyAnswer>;

/** GET /v1/keys */
export const keyListAnswer = z.strictObject({ items: z.array(keyAnswer) });

/** POST /v1/keys: the key itself, shown once. */
export const issuedKeyAnswer = z.strictObject({ key: z.string(), ...keyAnswer.shape });

/** GET /v1/me: the caller's own key, as the dashboard needs it to offer what the key may do. */
export const meAnswer = z.strictObject({
  keyId: z.string(),
  role: z.enum(ROLES),
  unitId: z.string().nullable().describe('the unit a reporter acts for'),
  label: z.string().nullable(),
  permissions: z.array(z.enum(PERMISSIONS)),
});
export type MeAnswer = z.infer<typeof meAnswer>;
