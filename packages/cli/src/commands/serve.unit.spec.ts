import { describe, expect, it } from 'vitest';
import { CliError } from '../cli-error.ts';
import { checkpointInterval } from './serve.ts';

describe('--checkpoint-every', () => {
  it('reads a duration with its unit, or off', () => {
    expect(checkpointInterval('24h')).toBe(86_400_000);
    expect(checkpointInterval('30m')).toBe(1_800_000);
    expect(checkpointInterval('90s')).toBe(90_000);
    expect(checkpointInterval('250ms')).toBe(250);
    expect(checkpointInterval('7d')).toBe(604_800_000);
    expect(checkpointInterval(' OFF ')).toBeUndefined();
    expect(checkpointInterval('0')).toBeUndefined();
  });

  it('refuses anything else, and what a timer cannot wait for (over 24.8 days), naming the option', () => {
    for (const bad of ['', 'often', '10', '-5m', '1.5h', '30d', '0ms'])
      expect(() => checkpointInterval(bad, 'CCHC_CHECKPOINT_EVERY'), bad).toThrow(CliError);
    expect(() => checkpointInterval('often', 'CCHC_CHECKPOINT_EVERY')).toThrow(/CCHC_CHECKPOINT_EVERY/);
  });
});
