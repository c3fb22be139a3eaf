import { z } from 'zod';
import { parseOrThrow } from '../errors/zod-issues.ts';
import { UNIT_KINDS } from '../events/domain/common.ts';
import { collapseSpaces } from './cell-text.ts';

/**
 * A group of units named without naming them. `relevant_to_be_named` ("các phòng, đơn vị có liên
 * quan") resolves to no unit at all: someone has to say which ones.
 */
export const UNIT_SCOPES = ['all_units', 'all_phong', 'relevant_to_be_named'] as const;
export type UnitScope = (typeof UNIT_SCOPES)[number];

/** Unit ids in a registry file: lowercase slugs, stable once data exists. */
export const unitSlugSchema = z
  .string()
  .regex(
    /^[a-z0-9]+(?:-[a-z0-9]+)*$/,
    'mã đơn vị dạng slug chữ thường (vd. vp-so) / unit id must be a lowercase slug (e.g. vp-so)',
  );

const nameSchema = z.string().trim().min(1, 'không được để trống / must not be empty');

export const unitDefinitionSchema = z
  .object({
    id: unitSlugSchema,
    name: nameSchema,
    shortNames: z.array(nameSchema).default([]),
    aliases: z.array(nameSchema).default([]),
    kind: z.enum(UNIT_KINDS),
    parent: unitSlugSchema.optional(),
  })
  .strict();
export type UnitDefinition = z.infer<typeof unitDefinitionSchema>;

export const unitsFileSchema = z
  .object({
    example: z.boolean().optional(),
    note: z.string().optional(),
    units: z.array(unitDefinitionSchema).min(1, 'cần ít nhất một đơn vị / at least one unit'),
  })
  .strict()
  .superRefine((file, ctx) => {
    const byId = new Map<string, UnitDefinition>();
    file.units.forEach((unit, i) => {
      if (byId.has(unit.id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['units', i, 'id'],
          message: `mã đơn vị trùng / duplicate unit id: ${unit.id}`,
        });
      }
      byId.set(unit.id, unit);
    });
    const owner = new Map<string, string>();
    file.units.forEach((unit, i) => {
      if (unit.parent !== undefined) {
        if (unit.parent === unit.id) {
          ctx.addIssue({
            code: 'custom',
            path: ['units', i, 'parent'],
            message: `đơn vị không thể là cha của chính nó / a unit cannot be its own parent: ${unit.id}`,
          });
        } else if (!byId.has(unit.parent)) {
          ctx.addIssue({
            code: 'custom',
            path: ['units', i, 'parent'],
            message: `đơn vị cha không tồn tại / parent unit does not exist: ${unit.parent}`,
          });
        } else if (hasCycle(unit.id, byId)) {
          ctx.addIssue({
            code: 'custom',
            path: ['units', i, 'parent'],
            message: `quan hệ cha con bị vòng / parent chain loops back: ${unit.id}`,
          });
        }
      } else if (unit.kind === 'chi_nhanh') {
        ctx.addIssue({
          code: 'custom',
          path: ['units', i, 'parent'],
          message: `chi nhánh phải có đơn vị cha / a branch (chi_nhanh) needs a parent: ${unit.id}`,
        });
      }
      for (const name of [unit.name, ...unit.shortNames, ...unit.aliases]) {
        const key = foldText(collapseSpaces(name));
        const other = owner.get(key);
        if (other !== undefined && other !== unit.id) {
          ctx.addIssue({
            code: 'custom',
            path: ['units', i],
            message: `tên “${name}” trùng với đơn vị ${other} (không phân biệt dấu, hoa thường) / name “${name}” is also used by ${other} (ignoring case and diacritics)`,
          });
        }
        owner.set(key, unit.id);
      }
    });
  });
export type UnitsFile = z.infer<typeof unitsFileSchema>;

export interface UnitRegistry {
  /** True for the shipped example file: the real departments must be entered before going live. */
  readonly example: boolean;
  readonly units: readonly UnitDefinition[];
  readonly byId: ReadonlyMap<string, UnitDefinition>;
  /** Folded name, short name or alias → unit id. */
  readonly names: ReadonlyMap<string, string>;
}

/** Validates the contents of a units.json file (already JSON-parsed); throws ValidationError. */
export function parseUnitRegistry(value: unknown): UnitRegistry {
  return createUnitRegistry(parseOrThrow(unitsFileSchema, value, { vi: 'danh mục đơn vị', en: 'unit registry' }));
}

export function createUnitRegistry(file: UnitsFile): UnitRegistry {
  const byId = new Map(file.units.map((u) => [u.id, u] as const));
  const names = new Map<string, string>();
  for (const unit of file.units) {
    for (const name of [unit.name, ...unit.shortNames, ...unit.aliases])
      names.set(foldText(collapseSpaces(name)), unit.id);
  }
  return { example: file.example === true, units: file.units, byId, names };
}

/** Units ordered so that every parent comes before its children (the order to establish them in). */
export function unitsParentsFirst(units: readonly UnitDefinition[]): UnitDefinition[] {
  const byId = new Map(units.map((u) => [u.id, u] as const));
  const ordered: UnitDefinition[] = [];
  const placed = new Set<string>();
  const place = (unit: UnitDefinition): void => {
    if (placed.has(unit.id)) return;
    placed.add(unit.id);
    const parent = unit.parent === undefined ? undefined : byId.get(unit.parent);
    if (parent) place(parent);
    ordered.push(unit);
  };
  units.forEach(place);
  return ordered;
}

/**
 * The units a group phrase stands for. Only top-level units count: a branch (chi nhánh) or any other
 * unit with a parent is part of its parent, which answers for it, so "các phòng, đơn vị" does not
 * assign work to each branch separately.
 */
export function unitsInScope(registry: UnitRegistry, scope: UnitScope): string[] {
  if (scope === 'relevant_to_be_named') return [];
  return registry.units
    .filter((u) => u.parent === undefined && (scope === 'all_units' || u.kind === 'phong'))
    .map((u) => u.id);
}

/**
 * Lowercase, without diacritics (đ → d), dashes unified; one output UTF-16 unit per input unit, so
 * offsets in the folded text are offsets in the input. Expects NFC input with spaces collapsed.
 */
export function foldText(display: string): string {
  let out = '';
  for (const ch of display) {
    let lower = ch.toLowerCase();
    if (lower.length !== ch.length) lower = ch;
    let base = lower.normalize('NFD').replace(/\p{M}/gu, '');
    if (base === 'đ') base = 'd';
    if (/[\u2010-\u2015\u2212]/u.test(base)) base = '-';
    out += base.length === ch.length ? base : lower;
  }
  return out;
}

/** Text prepared for unit matching: `display` (NFC, spaces collapsed) and its aligned `folded` form. */
export interface MatchText {
  readonly display: string;
  readonly folded: string;
}

export function prepareMatchText(text: string): MatchText {
  const display = collapseSpaces(text);
  return { display, folded: foldText(display) };
}

export interface UnitMention {
  readonly start: number;
  readonly end: number;
  /** As written. */
  readonly text: string;
  /** The named unit, or undefined for a group phrase. */
  readonly unitId?: string;
  readonly scope?: UnitScope;
}

const SEP = String.raw`\s*,?\s*`;
const GROUP_PATTERNS: ReadonlyArray<readonly [UnitScope, RegExp]> = [
  [
    'relevant_to_be_named',
    new RegExp(
      String.raw`(?:toan the\s+|tat ca\s+)?(?:cac\s+)?(?:phong${SEP})?(?:co quan|don vi|to chuc)(?:${SEP}(?:co quan|don vi|to chuc))*(?:\s+(?:truc\s+)?thuoc so)?\s+(?:co\s+)?lien quan`,
      'y',
    ),
  ],
  [
    'all_units',
    new RegExp(
      String.raw`(?:toan the\s+|tat ca\s+)?cac\s+(?:chi cuc${SEP})?(?:phong(?:\s+chuyen mon)?(?:${SEP}|\s+va\s+))?don vi(?:\s+(?:truc\s+)?thuoc so)?`,
      'y',
    ),
  ],
  [
    'all_phong',
    /(?:toan the\s+|tat ca\s+)?cac\s+phong(?:\s+chuyen mon(?:\s+(?:truc\s+)?thuoc so)?|\s+(?:truc\s+)?thuoc so)/y,
  ],
];

const WORD = /[\p{L}\p{N}]/u;

function isWordChar(ch: string | undefined): boolean {
  return ch !== undefined && WORD.test(ch);
}

/** The longest unit name or group phrase starting exactly at `pos` (on word boundaries), if any. */
export function findUnitMentionAt(text: MatchText, pos: number, registry: UnitRegistry): UnitMention | undefined {
  const { folded, display } = text;
  if (pos >= folded.length || isWordChar(folded[pos - 1]) || !isWordChar(folded[pos])) return undefined;
  let best: { end: number; unitId?: string; scope?: UnitScope } | undefined;
  for (const [key, unitId] of registry.names) {
    const end = pos + key.length;
    if (folded.startsWith(key, pos) && !isWordChar(folded[end]) && (best === undefined || end > best.end))
      best = { end, unitId };
  }
  for (const [scope, pattern] of GROUP_PATTERNS) {
    pattern.lastIndex = pos;
    const m = pattern.exec(folded);
    if (!m) continue;
    const end = pos + m[0].length;
    if (!isWordChar(folded[end]) && (best === undefined || end > best.end)) best = { end, scope };
  }
  if (best === undefined) return undefined;
  return {
    start: pos,
    end: best.end,
    text: display.slice(pos, best.end),
    ...(best.unitId ? { unitId: best.unitId } : {}),
    ...(best.scope ? { scope: best.scope } : {}),
  };
}

/** Every mention in the text, scanning left to right and never overlapping. */
export function findUnitMentions(text: MatchText, registry: UnitRegistry): UnitMention[] {
  const mentions: UnitMention[] = [];
  let pos = 0;
  while (pos < text.folded.length) {
    const mention = findUnitMentionAt(text, pos, registry);
    if (mention) {
      mentions.push(mention);
      pos = mention.end;
    } else {
      pos += 1;
    }
  }
  return mentions;
}

export type UnitIssueCode = 'UNITS_TO_BE_NAMED' | 'UNKNOWN_UNIT' | 'NO_UNIT';

export interface UnitIssue {
  readonly code: UnitIssueCode;
  /** The words the issue is about, as written. */
  readonly text: string;
  readonly message: string;
}

export function unitIssue(code: UnitIssueCode, text: string): UnitIssue {
  switch (code) {
    case 'UNITS_TO_BE_NAMED':
      return {
        code,
        text,
        message: `“${text}” chưa nêu tên đơn vị cụ thể, cần chỉ định đơn vị — “${text}” names no specific unit; the units must be assigned by name`,
      };
    case 'UNKNOWN_UNIT':
      return {
        code,
        text,
        message: `Không có đơn vị “${text}” trong danh mục đơn vị — unknown unit “${text}” (not in the unit registry)`,
      };
    case 'NO_UNIT':
      return {
        code,
        text,
        message: `Không nêu đơn vị nào${text ? ` trong “${text}”` : ''} — no unit named${text ? ` in “${text}”` : ''}`,
      };
  }
}

export interface UnitPhraseResolution {
  readonly unitIds: string[];
  readonly scope?: UnitScope;
  readonly warnings: string[];
}

export interface DetailedUnitPhraseResolution {
  readonly unitIds: string[];
  /** Units the phrase names one by one (not through a group). */
  readonly namedUnitIds: string[];
  readonly scope?: UnitScope;
  readonly issues: UnitIssue[];
}

/**
 * Reads a phrase that is only unit names: "Văn phòng Sở", "Phòng Đo đạc Bản đồ; Chi Cục Quản lý
 * đất đai", "Các phòng, đơn vị thuộc Sở". Groups expand to their units (see unitsInScope).
 */
export function resolveUnitPhrase(phrase: string, registry: UnitRegistry): UnitPhraseResolution {
  const detailed = resolveUnitPhraseDetailed(phrase, registry);
  return {
    unitIds: detailed.unitIds,
    ...(detailed.scope ? { scope: detailed.scope } : {}),
    warnings: detailed.issues.map((i) => i.message),
  };
}

const LIST_SEPARATOR = /[\s,;:&+/.()\-–—]/u;

export function resolveUnitPhraseDetailed(phrase: string, registry: UnitRegistry): DetailedUnitPhraseResolution {
  const text = prepareMatchText(phrase);
  const { folded, display } = text;
  const mentions: UnitMention[] = [];
  const issues: UnitIssue[] = [];
  let pos = 0;
  while (pos < folded.length) {
    const ch = folded[pos] ?? '';
    if (LIST_SEPARATOR.test(ch)) {
      pos += 1;
      continue;
    }
    if (folded.startsWith('va', pos) && !isWordChar(folded[pos - 1]) && !isWordChar(folded[pos + 2])) {
      pos += 2;
      continue;
    }
    const mention = findUnitMentionAt(text, pos, registry);
    if (mention) {
      mentions.push(mention);
      pos = mention.end;
      continue;
    }
    const stop = unknownNameEnd(text, pos, registry);
    issues.push(
      unitIssue(
        'UNKNOWN_UNIT',
        display
          .slice(pos, stop)
          .trim()
          .replace(/\s+(?:và|va)$/iu, ''),
      ),
    );
    pos = stop;
  }
  const resolved = combineMentions(mentions, registry);
  if (mentions.length === 0 && issues.length === 0) issues.push(unitIssue('NO_UNIT', display));
  return { ...resolved, issues: [...resolved.issues, ...issues] };
}

/** Expands mentions to unit ids, in order of appearance, without repeats. */
export function combineMentions(
  mentions: readonly UnitMention[],
  registry: UnitRegistry,
): { unitIds: string[]; namedUnitIds: string[]; scope?: UnitScope; issues: UnitIssue[] } {
  const unitIds: string[] = [];
  const namedUnitIds: string[] = [];
  const issues: UnitIssue[] = [];
  let scope: UnitScope | undefined;
  const add = (list: string[], id: string): void => {
    if (!list.includes(id)) list.push(id);
  };
  for (const mention of mentions) {
    if (mention.unitId !== undefined) {
      add(unitIds, mention.unitId);
      add(namedUnitIds, mention.unitId);
    } else if (mention.scope !== undefined) {
      scope = broaderScope(scope, mention.scope);
      if (mention.scope === 'relevant_to_be_named') issues.push(unitIssue('UNITS_TO_BE_NAMED', mention.text));
      for (const id of unitsInScope(registry, mention.scope)) add(unitIds, id);
    }
  }
  return { unitIds, namedUnitIds, ...(scope ? { scope } : {}), issues };
}

const SCOPE_RANK: Record<UnitScope, number> = { all_units: 3, all_phong: 2, relevant_to_be_named: 1 };

/** When one role names two groups, the broader one describes it. */
export function broaderScope(a: UnitScope | undefined, b: UnitScope): UnitScope {
  return a === undefined || SCOPE_RANK[b] > SCOPE_RANK[a] ? b : a;
}

/** An unknown name runs to the next comma or semicolon, or to where a known name starts. */
function unknownNameEnd(text: MatchText, from: number, registry: UnitRegistry): number {
  for (let i = from + 1; i < text.folded.length; i += 1) {
    if (/[,;]/u.test(text.folded[i] ?? '')) return i;
    if (findUnitMentionAt(text, i, registry)) return i;
  }
  return text.folded.length;
}

function hasCycle(start: string, byId: ReadonlyMap<string, UnitDefinition>): boolean {
  const seen = new Set<string>([start]);
  let current = byId.get(start)?.parent;
  while (current !== undefined) {
    if (seen.has(current)) return true;
    seen.add(current);
    current = byId.get(current)?.parent;
  }
  return false;
}
