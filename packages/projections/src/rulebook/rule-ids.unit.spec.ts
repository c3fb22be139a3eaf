import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { RULE_IDS } from './rule-ids.ts';
import { DEFAULT_RULEBOOK, parseRulebook } from './rulebook.ts';

const PACKAGE = fileURLToPath(new URL('../..', import.meta.url));
const read = (...path: string[]) => readFileSync(join(PACKAGE, ...path), 'utf8');
/** The source files of a folder of src/, specs left out. */
const sources = (folder: string) =>
  readdirSync(join(PACKAGE, 'src', folder))
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts'))
    .map((f) => read('src', folder, f))
    .join('\n');
const comments = (source: string) => (source.match(/--[^\n]*|\/\/[^\n]*|\/\*[\s\S]*?\*\//g) ?? []).join('\n');
const testNames = (source: string) =>
  [...source.matchAll(/\bit\(\s*(['"`])((?:(?!\1).)*)\1/g)].map((m) => m[2]).join('\n');
const idsIn = (text: string) => new Set(text.match(/\bR-[A-Z]+(?:-[A-Z]+)*\b/g) ?? []);

const rulebookJson: unknown = JSON.parse(read('rulebooks', 'default-2025.json'));
const rulesOf = (file: string) => Object.keys(Object(Object(JSON.parse(read('rulebooks', file))).rules)).join('\n');
const PLACES: Record<string, string> = {
  ...Object.fromEntries(
    readdirSync(join(PACKAGE, 'rulebooks')).map((file) => [`the rulebook JSON (rules of ${file})`, rulesOf(file)]),
  ),
  'comments of the SQL (src/sql)': comments(sources('sql')),
  'comments of the reference scorer (src/reference)': comments(sources('reference')),
  'docs/scoring.md': read('..', '..', 'docs', 'scoring.md'),
  'the names of the worked examples': testNames(read('src', 'scoring', 'worked-examples.int.spec.ts')),
};

describe('one rule, one id', () => {
  it('has ids of one shape, each once', () => {
    expect(new Set(RULE_IDS).size).toBe(RULE_IDS.length);
    for (const id of RULE_IDS) expect([...idsIn(id)]).toEqual([id]);
  });

  it.each(Object.entries(PLACES))('every rule id appears in %s, and no other', (_place, text) => {
    const found = idsIn(text);
    expect(RULE_IDS.filter((id) => !found.has(id))).toEqual([]);
    expect([...found].filter((id) => !(RULE_IDS as readonly string[]).includes(id))).toEqual([]);
  });

  it('checks the rules of a rulebook (known ids, existing parameters) and keeps them out of its content', () => {
    expect(DEFAULT_RULEBOOK).not.toHaveProperty('rules');
    const withRules = (rules: unknown) => ({ ...Object(rulebookJson), rules });
    expect(parseRulebook(withRules({ 'R-QUALITY': ['assignment.returnPenalty'] }))).toEqual(DEFAULT_RULEBOOK);
    expect(() => parseRulebook(withRules({ 'R-NOTHING': [] }))).toThrow();
    expect(() => parseRulebook(withRules({ 'R-QUALITY': ['assignment.returnPenalties'] }))).toThrow(
      'assignment.returnPenalties',
    );
  });
});
