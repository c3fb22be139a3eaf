import { addDays, daysBetween, localInstant, workingDayOnOrAfter } from '../calendar.ts';
import type { Random } from '../random.ts';
import type { ScriptStep, TimedStep } from '../year-script.ts';

/**
 * The year being scripted: the steps so far and the helpers every part of the script shares. Every
 * helper draws from the one Random, so the order of calls is part of the script's determinism.
 */
export interface ScriptWriter {
  readonly year: number;
  readonly random: Random;
  readonly officeId: string;
  /** The office's actor (`sim:<officeId>`). */
  readonly office: string;
  /** The last working day the units act on (12 December). */
  readonly lastWorkDay: string;
  readonly steps: TimedStep[];
  /** Records a step; `delayDays` > 0 makes it back-dated (recorded that many days later). */
  add(step: ScriptStep, actor: string, at: string, delayDays?: number): void;
  /** An instant on the first working day on or after `date`, in office hours unless `hour` is given. */
  at(date: string, hour?: number): string;
  /** Days to back-date a step by: usually 0, sometimes 8–20. */
  backDated(): number;
  randomDate(from: string, to: string): string;
}

export function scriptWriter(year: number, officeId: string, random: Random): ScriptWriter {
  const steps: TimedStep[] = [];
  let seq = 0;
  return {
    year,
    random,
    officeId,
    office: `sim:${officeId}`,
    lastWorkDay: `${year}-12-12`,
    steps,
    add: (step, actor, at, delayDays = 0) => {
      const recordedAt =
        delayDays > 0
          ? new Date(Date.parse(at) + delayDays * 86_400_000 + random.int(0, 3) * 3_600_000).toISOString()
          : at;
      steps.push({ step, actor, recordedAt, seq: seq++ });
    },
    at: (date, hour = random.int(8, 16)) => localInstant(workingDayOnOrAfter(date), hour, random.int(0, 59)),
    backDated: () => (random.chance(0.04) ? random.int(8, 20) : 0),
    randomDate: (from, to) => addDays(from, random.int(0, Math.max(0, daysBetween(from, to)))),
  };
}
