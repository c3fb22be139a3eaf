import { collapseSpaces } from '../cell-text.ts';
import type { IndicatorDefinition, Objective } from '../plan-definition.ts';
import type { Warn } from './import-warning.ts';
import { fixTypos, typoWarning } from './typos.ts';

interface Paragraph {
  readonly line: number;
  readonly text: string;
}

/** Numbered items (1., 2., …) and their lettered sub-items (a), b), …, đ)) of section I. */
export function readObjectives(lines: readonly string[], end: number, warn: Warn): Objective[] {
  const startAt = lines.slice(0, end).findIndex((l) => /^I\.\s+\S/u.test(l.trim()));
  if (startAt < 0) {
    warn({
      line: 1,
      code: 'OBJECTIVES_MISSING',
      severity: 'warning',
      message:
        'Không thấy mục “I. MỤC TIÊU”; kế hoạch không có mục tiêu, chỉ tiêu — no section “I. MỤC TIÊU”; the plan has no objectives or indicators',
    });
    return [];
  }
  let stopAt = lines.slice(startAt + 1, end).findIndex((l) => /^II\.\s+\S/u.test(l.trim()));
  stopAt = stopAt < 0 ? end : startAt + 1 + stopAt;

  interface Item {
    id: string;
    parentId?: string;
    parts: Paragraph[];
  }
  const items: Item[] = [];
  let current: Item | undefined;
  let parentNumber: string | undefined;
  for (let i = startAt + 1; i < stopAt; i += 1) {
    const text = collapseSpaces(lines[i] ?? '');
    if (text === '') continue;
    const numbered = /^(\d+)\.\s+(.*)$/u.exec(text);
    const lettered = /^([a-zđ])\)\s+(.*)$/u.exec(text);
    if (numbered?.[1] && numbered[2] !== undefined) {
      parentNumber = numbered[1];
      current = { id: `OBJ-${parentNumber}`, parts: [{ line: i + 1, text: numbered[2] }] };
      items.push(current);
    } else if (lettered?.[1] && lettered[2] !== undefined && parentNumber !== undefined) {
      current = {
        id: `OBJ-${parentNumber}${lettered[1]}`,
        parentId: `OBJ-${parentNumber}`,
        parts: [{ line: i + 1, text: lettered[2] }],
      };
      items.push(current);
    } else if (current !== undefined && /^\p{Ll}/u.test(text)) {
      // A paragraph starting in lower case continues the item above it (a line broken by the export).
      current.parts.push({ line: i + 1, text });
    } else {
      current = undefined;
    }
  }

  return items.map((item) => {
    const { text, lineAt } = joinParts(item.parts);
    const fixed = fixTypos(text, (wrong, right, index) =>
      warn(typoWarning(lineAt(index), undefined, wrong, right, `mục tiêu ${item.id}`, `objective ${item.id}`)),
    );
    return {
      id: item.id,
      ...(item.parentId ? { parentId: item.parentId } : {}),
      text: fixed,
      indicators: readIndicators(item.id, fixed),
    };
  });
}

function joinParts(parts: readonly Paragraph[]): { text: string; lineAt: (index: number) => number } {
  let text = '';
  const starts: Array<{ at: number; line: number }> = [];
  for (const part of parts) {
    if (text !== '') text += ' ';
    starts.push({ at: text.length, line: part.line });
    text += part.text;
  }
  const lineAt = (index: number): number =>
    [...starts].reverse().find((s) => s.at <= index)?.line ?? parts[0]?.line ?? 1;
  return { text, lineAt };
}

const PERCENT = /(\d+(?:[.,]\d+)?)\s*%/gu;
const QUALIFIERS: ReadonlyArray<readonly [RegExp, IndicatorDefinition['comparator']]> = [
  [/(?:ít nhất|tối thiểu|không dưới|không thấp hơn)\s*$/iu, '>='],
  [/(?:tối đa|không quá|không vượt quá|không cao hơn)\s*$/iu, '<='],
  [/(?:trên|hơn|vượt)\s*$/iu, '>'],
  [/(?:dưới)\s*$/iu, '<'],
];

/**
 * Every "N%" of an objective becomes an indicator. "ít nhất N%" is ≥, "trên N%" is >, and a bare
 * "N%" is a level to reach (≥): "100% …" and "giảm 15% đầu mối" (a cut of at least 15%, so ≥ 15
 * with direction decrease). A cut ("giảm", "cắt giảm") or an upper bound makes direction decrease.
 */
function readIndicators(objectiveId: string, text: string): IndicatorDefinition[] {
  const matches = [...text.matchAll(PERCENT)];
  const found = matches.map((m) => {
    const before = text.slice(0, m.index);
    const qualifier = QUALIFIERS.find(([pattern]) => pattern.test(before));
    const qualifierStart = qualifier ? before.search(qualifier[0]) : m.index;
    return {
      index: m.index,
      end: m.index + m[0].length,
      qualifierStart,
      target: Number((m[1] ?? '').replace(',', '.')),
      comparator: qualifier?.[1] ?? '>=',
    };
  });
  const base = objectiveId.replace(/^OBJ-/u, 'IND-');
  return found.map((f, k) => {
    const previous = found[k - 1];
    const next = found[k + 1];
    const start = previous === undefined ? 0 : clauseStart(text, previous.end, f.qualifierStart);
    const end = next === undefined ? text.length : clauseStart(text, f.end, next.qualifierStart);
    const clauseBefore = text.slice(clauseStart(text, previous?.end ?? 0, f.qualifierStart), f.index);
    const decrease =
      /(?<!\p{L})(?:cắt giảm|giảm)(?!\p{L})/iu.test(clauseBefore) || f.comparator === '<' || f.comparator === '<=';
    return {
      id: found.length === 1 ? base : `${base}-${k + 1}`,
      text: tidyClause(text.slice(start, end)),
      comparator: f.comparator,
      target: f.target,
      unit: '%' as const,
      direction: decrease ? ('decrease' as const) : ('increase' as const),
    };
  });
}

/** Just after the last comma or semicolon in [from, to), or `from` when there is none. */
function clauseStart(text: string, from: number, to: number): number {
  const slice = text.slice(from, to);
  const at = Math.max(slice.lastIndexOf(','), slice.lastIndexOf(';'));
  return at < 0 ? from : from + at + 1;
}

function tidyClause(clause: string): string {
  return clause
    .trim()
    .replace(/^[,;.\s]+/u, '')
    .replace(/[,;.\s]+$/u, '')
    .replace(/[,;\s]+trong đó$/iu, '')
    .trim();
}
