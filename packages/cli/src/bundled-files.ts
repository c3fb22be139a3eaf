import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseUnitRegistry, type UnitRegistry } from '@cchc/core';
import { parseJson, readTextInput, userPath } from './read-input.ts';

export const REPO_ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');
/** The plan `cchc start` imports. */
export const SEED_PLAN = resolve(REPO_ROOT, 'fixtures/ke-hoach-cchc-2025-so-tnmt-khanh-hoa.txt');
export const EXAMPLE_UNITS = resolve(REPO_ROOT, 'fixtures/units.example.json');

/** The unit registry of `--units`, or the shipped example (with a notice). */
export function loadRegistry(
  file: string | undefined,
  notice: (line: string) => void = (l) => console.error(l),
): UnitRegistry {
  const path = file ? userPath(file) : EXAMPLE_UNITS;
  const { text, name } = readTextInput(path);
  const registry = parseUnitRegistry(parseJson(text, name));
  if (registry.example) {
    notice(
      `! Đang dùng danh mục đơn vị VÍ DỤ (${name}); dùng --units để chỉ danh mục thật — using the EXAMPLE unit registry; pass --units for the real one`,
    );
  }
  return registry;
}
