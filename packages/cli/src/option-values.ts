import { normaliseInstant } from '@cchc/core';
import { CliError } from './cli-error.ts';
import { EXIT } from './exit-codes.ts';

/** A commander parser for an option that takes a count or a position. */
export function positiveInt(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0) {
      throw new CliError(
        `${name} phải là số nguyên không âm: ${value}`,
        `${name} must be a non-negative integer: ${value}`,
        EXIT.invalidInput,
      );
    }
    return n;
  };
}

/** An instant option, normalised (a bare date is the end of that local day); absent, now. */
export function instantOption(value: string | undefined, name: string): string {
  if (value === undefined) return new Date().toISOString();
  const instant = normaliseInstant(value);
  if (!instant) {
    throw new CliError(
      `${name} không phải thời điểm hợp lệ: ${value} (ví dụ 2025-03-10T09:00:00+07:00, hoặc 2025-03-10 = hết ngày đó)`,
      `${name} is not a valid instant: ${value} (e.g. 2025-03-10T09:00:00+07:00, or 2025-03-10 = the end of that day)`,
      EXIT.invalidInput,
    );
  }
  return instant;
}

/** `--year`, when given: a plan year from 2000 to 2100. */
export function yearOption(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 2000 || n > 2100)
    throw new CliError(`--year không hợp lệ: ${value}`, `invalid --year: ${value}`, EXIT.invalidInput);
  return n;
}
