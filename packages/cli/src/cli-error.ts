import { CchcError } from '@cchc/core';

/** A CLI-level failure (bad arguments, unreadable file) with its exit code. */
export class CliError extends CchcError {
  readonly code = 'CLI_ERROR';
  constructor(
    vi: string,
    en: string,
    readonly exitCode: number,
  ) {
    super(vi, en);
  }
}
