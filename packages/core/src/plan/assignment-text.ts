import { cleanCellText } from './cell-text.ts';
import {
  combineMentions,
  findUnitMentionAt,
  findUnitMentions,
  type MatchText,
  prepareMatchText,
  resolveUnitPhraseDetailed,
  type UnitIssue,
  type UnitMention,
  type UnitRegistry,
  type UnitScope,
  unitIssue,
} from './unit-registry.ts';

export type AssignmentIssueCode =
  | UnitIssue['code']
  | 'NO_ASSIGNMENT'
  | 'NO_LEAD'
  | 'ROLE_CONFLICT'
  | 'ASSIGNMENT_ROLES_INFERRED';

export interface AssignmentIssue {
  readonly code: AssignmentIssueCode;
  readonly severity: 'info' | 'warning';
  readonly message: string;
}

export interface AssignmentResolution {
  readonly lead: string[];
  readonly coordinators: string[];
  readonly leadScope?: UnitScope;
  readonly coordinatorScope?: UnitScope;
  readonly issues: AssignmentIssue[];
}

type Role = 'lead' | 'coordinator';
/** How a role was decided: said outright, implied by "X phối hợp với Y" (X leads), or not said. */
type RoleSource = 'explicit' | 'implied' | 'unsaid';

interface Assigned {
  readonly mentions: UnitMention[];
  readonly role: Role | 'default';
  readonly source: RoleSource;
}

interface Span {
  readonly start: number;
  readonly end: number;
  readonly label?: Role;
}

const LABEL = /don vi (chu tri|phoi hop)\s*:/gu;

/**
 * Reads the "Phân công" cell of a plan task into lead and coordinating units. Understands the
 * labelled form ("- Đơn vị chủ trì: X - Đơn vị phối hợp: Y") and the free forms found in plans:
 * "X chủ trì, phối hợp với Y …", "X chủ trì. Y phối hợp.", "X; Y phối hợp với Z", bullet lists,
 * and a bare "X". A unit whose role is not said leads, unless someone else in the cell is said to
 * lead ("chủ trì"), in which case it coordinates.
 */
export function parseAssignment(rawText: string, registry: UnitRegistry): AssignmentResolution {
  const cleaned = cleanCellText(rawText);
  const issues: AssignmentIssue[] = [];
  if (cleaned === '') {
    return {
      lead: [],
      coordinators: [],
      issues: [
        {
          code: 'NO_ASSIGNMENT',
          severity: 'warning',
          message: 'Chưa phân công đơn vị thực hiện — no unit is assigned',
        },
      ],
    };
  }
  const text = prepareMatchText(cleaned);
  const assigned: Assigned[] = [];
  const unitIssues: UnitIssue[] = [];

  for (const span of splitClauses(text, registry)) {
    if (span.label !== undefined) {
      const phrase = text.display.slice(span.start, span.end).replace(/[\s.\-–]+$/u, '');
      if (phrase.trim() === '') continue;
      const resolved = resolveUnitPhraseDetailed(phrase, registry);
      unitIssues.push(...resolved.issues.filter((i) => i.code === 'UNKNOWN_UNIT'));
      const local = prepareMatchText(phrase);
      assigned.push({ mentions: findUnitMentions(local, registry), role: span.label, source: 'explicit' });
    } else {
      readFreeClause(text, span.start, span.end, registry, assigned, unitIssues);
    }
  }

  const someoneLeadsExplicitly = assigned.some((a) => a.role === 'lead' && a.source === 'explicit');
  const roleOf = (a: Assigned): Role =>
    a.role === 'default' ? (someoneLeadsExplicitly ? 'coordinator' : 'lead') : a.role;
  const leadMentions = assigned.filter((a) => roleOf(a) === 'lead').flatMap((a) => a.mentions);
  const coordinatorMentions = assigned.filter((a) => roleOf(a) === 'coordinator').flatMap((a) => a.mentions);

  const leads = combineMentions(leadMentions, registry);
  const coordinators = combineMentions(coordinatorMentions, registry);
  unitIssues.push(...leads.issues, ...coordinators.issues);

  // A unit named on its own keeps the role it was named for; group expansions make way for it. Named
  // in both roles, it leads.
  const lead = leads.unitIds.filter((id) => leads.namedUnitIds.includes(id) || !coordinators.namedUnitIds.includes(id));
  const coordinatorIds = coordinators.unitIds.filter((id) => !lead.includes(id));
  for (const id of coordinators.namedUnitIds.filter((id) => leads.namedUnitIds.includes(id))) {
    issues.push({
      code: 'ROLE_CONFLICT',
      severity: 'warning',
      message: `Đơn vị ${id} vừa chủ trì vừa phối hợp; giữ vai trò chủ trì — unit ${id} is named both as lead and as coordinator; kept as lead`,
    });
  }

  for (const issue of unitIssues) issues.push({ code: issue.code, severity: 'warning', message: issue.message });

  const inferredLeads = assigned.filter((a) => roleOf(a) === 'lead' && a.source !== 'explicit').length;
  if (!someoneLeadsExplicitly && inferredLeads >= 2) {
    issues.push({
      code: 'ASSIGNMENT_ROLES_INFERRED',
      severity: 'info',
      message:
        'Phân công không nêu rõ đơn vị chủ trì; mọi đơn vị được nêu tên đều được coi là chủ trì — the assignment names no lead explicitly; every unit named in it was taken as a lead',
    });
  }

  if (lead.length === 0 && leads.scope === undefined) {
    issues.push({
      code: 'NO_LEAD',
      severity: 'warning',
      message: `Không xác định được đơn vị chủ trì từ “${cleaned}” — no lead unit could be read from “${cleaned}”`,
    });
  }

  return {
    lead,
    coordinators: coordinatorIds,
    ...(leads.scope ? { leadScope: leads.scope } : {}),
    ...(coordinators.scope ? { coordinatorScope: coordinators.scope } : {}),
    issues: dedupe(issues),
  };
}

/**
 * Cuts the cell into clauses. With role labels ("Đơn vị chủ trì:", "Đơn vị phối hợp:") each label
 * owns the text up to the next label. Without them, clauses end at sentence ends, semicolons and
 * list bullets (" - "), never inside a unit name ("… Tài nguyên nước - Khí tượng thủy văn").
 */
function splitClauses(text: MatchText, registry: UnitRegistry): Span[] {
  const labels = [...text.folded.matchAll(LABEL)];
  const first = labels[0];
  if (first === undefined) return splitFree(text, registry, 0, text.folded.length);
  const spans = splitFree(text, registry, 0, first.index);
  labels.forEach((m, i) => {
    const end = labels[i + 1]?.index ?? text.folded.length;
    pushSpan(spans, text, m.index + m[0].length, end, m[1] === 'chu tri' ? 'lead' : 'coordinator');
  });
  return spans;
}

function splitFree(text: MatchText, registry: UnitRegistry, from: number, to: number): Span[] {
  const { folded } = text;
  const mentions = findUnitMentions(text, registry);
  const insideMention = (i: number): boolean => mentions.some((m) => i > m.start && i < m.end);
  const spans: Span[] = [];
  let start = from;
  for (let i = from; i < to; i += 1) {
    const ch = folded[i];
    if (insideMention(i)) continue;
    const before = folded[i - 1];
    const after = folded[i + 1];
    const isBullet =
      (ch === '-' || ch === '•' || ch === '+') &&
      (i === from || before === ' ') &&
      (after === undefined || after === ' ');
    const isStop = (ch === '.' && (after === undefined || after === ' ')) || ch === ';';
    if (isBullet || isStop) {
      pushSpan(spans, text, start, i, undefined);
      start = i + 1;
    }
  }
  pushSpan(spans, text, start, to, undefined);
  return spans;
}

function pushSpan(spans: Span[], text: MatchText, start: number, end: number, label: Role | undefined): void {
  const slice = text.folded.slice(start, end);
  if (!/[\p{L}\p{N}]/u.test(slice)) return;
  const lead = slice.length - slice.trimStart().length;
  spans.push({ start: start + lead, end, ...(label ? { label } : {}) });
}

const KEYWORDS: ReadonlyArray<readonly [string, 'lead' | 'lead_with' | 'coordinator']> = [
  ['phoi hop voi', 'lead_with'],
  ['chu tri', 'lead'],
  ['phoi hop', 'coordinator'],
];

function readFreeClause(
  text: MatchText,
  start: number,
  end: number,
  registry: UnitRegistry,
  assigned: Assigned[],
  issues: UnitIssue[],
): void {
  const { folded, display } = text;
  if (folded[start] === '(') return;
  const subjects = scanList(text, start, end, registry, issues);
  let keyword = firstKeyword(folded, subjects.next, end);
  if (subjects.mentions.length === 0) {
    // An unknown subject ("Sở Nội vụ chủ trì, phối hợp với X"): report it, still read the partners.
    const stop = Math.min(keyword?.at ?? end, nextIndex(folded, /[,(]/u, start, end));
    const name = display.slice(start, stop).trim();
    issues.push(name === '' ? unitIssue('NO_UNIT', display.slice(start, end).trim()) : unitIssue('UNKNOWN_UNIT', name));
    if (keyword !== undefined && keyword.at > stop) keyword = undefined;
    if (keyword === undefined) return;
  }
  const assign = (role: Role | 'default', source: RoleSource): void => {
    if (subjects.mentions.length > 0) assigned.push({ mentions: subjects.mentions, role, source });
  };
  let after = subjects.next;
  if (keyword === undefined) {
    assign('default', 'unsaid');
  } else if (keyword.kind === 'coordinator') {
    assign('coordinator', 'explicit');
    after = keyword.end;
  } else {
    assign('lead', keyword.kind === 'lead' ? 'explicit' : 'implied');
    after = keyword.end;
    let objectsAt = keyword.kind === 'lead_with' ? after : -1;
    if (keyword.kind === 'lead') {
      const next = skip(folded, after, end, /[\s,]/u);
      if (startsWithWords(folded, next, 'phoi hop voi')) objectsAt = next + 'phoi hop voi'.length;
    }
    if (objectsAt >= 0) {
      const objects = scanList(text, skip(folded, objectsAt, end, /\s/u), end, registry, issues);
      if (objects.mentions.length === 0) {
        const from = skip(folded, objectsAt, end, /\s/u);
        const name = display.slice(from, nextIndex(folded, /[,(]/u, from, end)).trim();
        if (name !== '') issues.push(unitIssue('UNKNOWN_UNIT', name));
      } else {
        assigned.push({ mentions: objects.mentions, role: 'coordinator', source: 'explicit' });
        after = objects.next;
      }
    }
  }
  // "X chủ trì, Y triển khai thực hiện": a comma followed by a unit name starts the next clause.
  for (let i = after; i < end; i += 1) {
    if (folded[i] !== ',') continue;
    const next = skip(folded, i + 1, end, /\s/u);
    const mention = findUnitMentionAt(text, next, registry);
    if (mention && mention.end <= end) {
      readFreeClause(text, next, end, registry, assigned, issues);
      return;
    }
  }
}

/**
 * Unit names at `start`, separated by commas or "và". A capitalised word after a comma that is not a
 * known name is reported as an unknown unit rather than silently ending the list. `next` is where
 * the list ends, before any separator it did not use.
 */
function scanList(
  text: MatchText,
  start: number,
  end: number,
  registry: UnitRegistry,
  issues: UnitIssue[],
): { mentions: UnitMention[]; next: number } {
  const { folded, display } = text;
  const mentions: UnitMention[] = [];
  let pos = skip(folded, start, end, /[\s(]/u);
  let separatorStart = pos;
  let afterComma = false;
  for (;;) {
    const mention = findUnitMentionAt(text, pos, registry);
    if (mention && mention.end <= end) {
      mentions.push(mention);
      pos = mention.end;
    } else if (mentions.length > 0 && afterComma && /\p{Lu}/u.test(display[pos] ?? '')) {
      const stop = Math.min(nextIndex(folded, /[,;(]/u, pos, end), firstKeyword(folded, pos, end)?.at ?? end);
      issues.push(unitIssue('UNKNOWN_UNIT', display.slice(pos, stop).trim()));
      pos = stop;
    } else {
      return { mentions, next: mentions.length > 0 ? separatorStart : start };
    }
    const afterSeparator = skipSeparator(folded, pos, end);
    if (afterSeparator === pos) return { mentions, next: pos };
    afterComma = folded.slice(pos, afterSeparator).includes(',');
    separatorStart = pos;
    pos = afterSeparator;
  }
}

function skipSeparator(folded: string, pos: number, end: number): number {
  const m = /^\s*(?:,|&|\/|\bva\b|\bcung\b)\s*/u.exec(folded.slice(pos, end));
  return m ? pos + m[0].length : pos;
}

function firstKeyword(
  folded: string,
  from: number,
  end: number,
): { at: number; end: number; kind: 'lead' | 'lead_with' | 'coordinator' } | undefined {
  let best: { at: number; end: number; kind: 'lead' | 'lead_with' | 'coordinator' } | undefined;
  for (const [words, kind] of KEYWORDS) {
    let at = folded.indexOf(words, from);
    while (at >= 0 && at < end && !startsWithWords(folded, at, words)) at = folded.indexOf(words, at + 1);
    if (at < 0 || at + words.length > end) continue;
    if (best === undefined || at < best.at) best = { at, end: at + words.length, kind };
  }
  return best;
}

function startsWithWords(folded: string, at: number, words: string): boolean {
  return (
    folded.startsWith(words, at) &&
    !/[\p{L}\p{N}]/u.test(folded[at - 1] ?? '') &&
    !/[\p{L}\p{N}]/u.test(folded[at + words.length] ?? '')
  );
}

function skip(folded: string, from: number, end: number, pattern: RegExp): number {
  let i = from;
  while (i < end && pattern.test(folded[i] ?? '')) i += 1;
  return i;
}

function nextIndex(folded: string, pattern: RegExp, from: number, end: number): number {
  for (let i = from; i < end; i += 1) if (pattern.test(folded[i] ?? '')) return i;
  return end;
}

function dedupe(issues: AssignmentIssue[]): AssignmentIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = `${i.code}|${i.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
