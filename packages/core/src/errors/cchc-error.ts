/**
 * Every error the product raises on purpose. `code` is stable (clients, the API's problem+json
 * `type` and the CLI exit codes key on it); the text is Vietnamese first, English beside.
 */
export abstract class CchcError extends Error {
  abstract readonly code: string;
  readonly vi: string;
  readonly en: string;

  /** `message` defaults to "vi — en"; give it when both texts share a bilingual part (field issues). */
  constructor(vi: string, en: string, options?: { cause?: unknown; message?: string }) {
    super(options?.message ?? `${vi} — ${en}`, options?.cause === undefined ? undefined : { cause: options.cause });
    this.vi = vi;
    this.en = en;
    this.name = new.target.name;
  }

  /** Structured details for machine consumers (API bodies, JSON CLI output). */
  details(): Record<string, unknown> {
    return {};
  }
}

/** One issue found while validating input: the dotted path of the field and what is wrong. */
export interface FieldIssue {
  readonly path: string;
  readonly message: string;
}

/** Input that does not match its schema. Nothing was written. */
export class ValidationError extends CchcError {
  readonly code = 'VALIDATION_FAILED';
  readonly issues: readonly FieldIssue[];

  constructor(what: { vi: string; en: string }, issues: readonly FieldIssue[]) {
    const where = issues
      .slice(0, 3)
      .map((i) => `${i.path || '(gốc/root)'}: ${i.message}`)
      .join('; ');
    const more = issues.length > 3 ? ` (+${issues.length - 3})` : '';
    // Issue messages are bilingual already: list them once.
    super(`${what.vi} không hợp lệ: ${where}${more}`, `invalid ${what.en}: ${where}${more}`, {
      message: `${what.vi} không hợp lệ — invalid ${what.en}: ${where}${more}`,
    });
    this.issues = issues;
  }

  override details(): Record<string, unknown> {
    return { issues: this.issues };
  }
}

export class NotFoundError extends CchcError {
  readonly code = 'NOT_FOUND';
  constructor(vi: string, en: string) {
    super(vi, en);
  }
}
