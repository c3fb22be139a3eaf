import type { CriteriaSetAnswer, DepartmentIndexAnswer, EvidenceRecordAnswer } from '@cchc/api';
import { getBlob } from '../api.ts';
import { dataTable, h, num, save } from '../dom.ts';
import { type TextKey, t } from '../i18n.ts';

type Leaf = DepartmentIndexAnswer['leaves'][number];
type Method = Leaf['method'];

/** One row of the criteria tree as the page shows it: an area, a criterion with sub-criteria, a leaf, the total. */
interface TreeRow {
  readonly level: 'area' | 'criterion' | 'leaf' | 'total';
  readonly id: string;
  readonly title: string;
  readonly method: Method | null;
  readonly max: number;
  readonly self: number | null;
  readonly appraised: number | null;
  readonly final: number;
  readonly leaf: Leaf | null;
}

const METHOD_TEXT: Record<Method, TextKey> = {
  manual: 'methodManual',
  derived: 'methodDerived',
  survey: 'methodSurvey',
};
export const methodLabel = (method: Method): string => t(METHOD_TEXT[method]);

/** The file names of evidence files by SHA-256 (null when the record could not be read). */
export type EvidenceNames = ReadonlyMap<string, EvidenceRecordAnswer | null>;

/**
 * A link to an evidence file. The bytes need the key (Authorization header), so the click fetches
 * them and saves the file; the href names the API route for whoever copies it.
 */
export function evidenceLink(sha256: string, names: EvidenceNames): HTMLElement {
  const record = names.get(sha256) ?? null;
  const label = record ? record.fileName : `${sha256.slice(0, 12)}…`;
  const link = h(
    'a',
    { href: `/v1/evidence/${sha256}`, class: 'evidence-link', 'data-sha256': sha256, title: `SHA-256 ${sha256}` },
    label,
  );
  link.addEventListener('click', (event) => {
    event.preventDefault();
    link.parentElement?.querySelector(`[data-refused="${sha256}"]`)?.remove();
    // no-store: the file is served with a long private cache life, and the key may have changed since.
    getBlob(`/v1/evidence/${sha256}`, {}, { cache: 'no-store' }).then(
      (blob) => save(record?.fileName ?? `${sha256}.bin`, blob),
      // An analyst reads no evidence file (docs/api.md): the API's reason, beside the link.
      (error: Error) =>
        link.after(h('span', { class: 'bad', role: 'alert', 'data-refused': sha256 }, ` ${error.message}`)),
    );
  });
  return link;
}

const sum = (leaves: readonly Leaf[], pick: (l: Leaf) => number | null): number | null =>
  leaves.some((l) => pick(l) !== null) ? leaves.reduce((a, l) => a + (pick(l) ?? 0), 0) : null;

/** The tree in the set's order: each area (its totals from the index), its criteria, their sub-criteria. */
export function treeRows(set: CriteriaSetAnswer, index: DepartmentIndexAnswer): TreeRow[] {
  const leaves = new Map(index.leaves.map((l) => [l.criterionId, l]));
  const leafRow = (id: string): TreeRow => {
    const l = leaves.get(id)!;
    return {
      level: 'leaf',
      id,
      title: l.title,
      method: l.method,
      max: l.max,
      self: l.self,
      appraised: l.appraised,
      final: l.final,
      leaf: l,
    };
  };
  const rows: TreeRow[] = [];
  for (const area of set.areas) {
    const { self, appraised, final } = index.areas.find((a) => a.areaId === area.id)!;
    rows.push({
      level: 'area',
      id: area.id,
      title: area.title,
      method: null,
      max: area.max,
      self,
      appraised,
      final,
      leaf: null,
    });
    for (const c of area.criteria) {
      if (!('subCriteria' in c)) {
        rows.push(leafRow(c.id));
        continue;
      }
      const subs = c.subCriteria.map((s) => leaves.get(s.id)!);
      rows.push({
        level: 'criterion',
        id: c.id,
        title: c.title,
        method: null,
        max: c.max,
        self: sum(subs, (l) => l.self),
        appraised: sum(subs, (l) => l.appraised),
        final: subs.reduce((a, l) => a + l.final, 0),
        leaf: null,
      });
      for (const s of c.subCriteria) rows.push(leafRow(s.id));
    }
  }
  rows.push({
    level: 'total',
    id: t('total'),
    title: '',
    method: null,
    max: set.total,
    self: index.self,
    appraised: index.appraised,
    final: index.final,
    leaf: null,
  });
  return rows;
}

function noteOf(l: Leaf | null): string {
  if (!l) return '';
  const measured =
    l.measured === null
      ? null
      : `${t('measuredValue')}: ${num(l.measured, 2)}${l.denominator === null ? '' : ` (${l.numerator}/${l.denominator})`}`;
  return [l.note, l.appraisalReason, measured].filter(Boolean).join('; ');
}

/** The criteria tree with maximum, self, appraised and final per leaf, totals per criterion, area and in all. */
export function criteriaTreeTable(rows: readonly TreeRow[], names: EvidenceNames, caption: string): HTMLElement {
  const points = (value: number | null, row: TreeRow) =>
    row.leaf && !row.leaf.scored && row.method !== 'derived' ? `— (${t('notScored')})` : num(value);
  return dataTable({
    id: 'index-tree',
    caption,
    rows,
    rowAttrs: (r) => ({
      class: r.level === 'area' || r.level === 'total' ? 'total' : r.level === 'criterion' ? 'group' : null,
      'data-level': r.level,
      'data-criterion': r.level === 'total' ? 'total' : r.id,
      'data-max': r.max,
      'data-self': r.self ?? '',
      'data-appraised': r.appraised ?? '',
      'data-final': r.final,
      'data-scored': r.leaf ? String(r.leaf.scored) : null,
    }),
    columns: [
      {
        header: t('criterion'),
        cell: (r) => h('span', { class: `tree-id depth-${r.level === 'total' ? 1 : r.id.split('.').length}` }, r.id),
        csv: (r) => r.id,
      },
      { header: t('title'), cell: (r) => r.title },
      { header: t('method'), cell: (r) => (r.method ? methodLabel(r.method) : '') },
      { header: t('maxPoints'), cell: (r) => num(r.max), csv: (r) => r.max, numeric: true },
      { header: t('selfScore'), cell: (r) => points(r.self, r), csv: (r) => r.self, numeric: true },
      { header: t('appraisedScore'), cell: (r) => num(r.appraised), csv: (r) => r.appraised, numeric: true },
      { header: t('finalScore'), cell: (r) => points(r.final, r), csv: (r) => r.final, numeric: true },
      {
        header: t('evidence'),
        cell: (r) =>
          h(
            'span',
            { class: 'evidence-list' },
            ...(r.leaf?.evidenceFiles ?? []).flatMap((sha, i) => [i > 0 ? ', ' : '', evidenceLink(sha, names)]),
          ),
        csv: (r) => (r.leaf?.evidenceFiles ?? []).join(' '),
      },
      { header: t('noteOrReason'), cell: (r) => noteOf(r.leaf) },
    ],
  });
}
