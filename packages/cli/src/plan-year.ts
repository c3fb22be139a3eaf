import { type PlanStreamSource, planYearsIn } from '@cchc/core';
import { CliError } from './cli-error.ts';
import { EXIT } from './exit-codes.ts';
import { yearOption } from './option-values.ts';

/** `--year`, or the only plan in the store; several plans need `--year`. */
export async function planYear(store: PlanStreamSource, year: string | undefined): Promise<number> {
  const given = yearOption(year);
  if (given !== undefined) return given;
  const plans = await planYearsIn(store);
  if (plans.length === 1) return plans[0]!;
  if (plans.length === 0) {
    throw new CliError(
      'Chưa có kế hoạch nào; hãy chạy cchc plan apply trước',
      'no plan yet; run cchc plan apply first',
      EXIT.invalidInput,
    );
  }
  throw new CliError(
    `Có nhiều kế hoạch (${plans.join(', ')}); hãy chọn bằng --year`,
    `several plans (${plans.join(', ')}); pick one with --year`,
    EXIT.invalidInput,
  );
}
