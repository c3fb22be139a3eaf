/** Optional fields are absent, not undefined, in stored events (JSON has no undefined). */
export function omitUndefined<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
