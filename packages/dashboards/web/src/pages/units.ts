import type { UnitChange, UnitList } from '@cchc/api';
import { getJson } from '../api.ts';
import type { PageContext } from '../context.ts';
import { dataTable, h, localDay } from '../dom.ts';
import { t } from '../i18n.ts';

function describe(change: UnitChange, names: ReadonlyMap<string, string>): string {
  const date = localDay(change.occurredAt);
  const decision = change.decisionRef ? ` (${t('decision')} ${change.decisionRef})` : '';
  switch (change.change) {
    case 'renamed':
      return `${date}: ${t('renamed')} “${change.previousName ?? '?'}” → “${change.name ?? '?'}”${decision}`;
    case 'merged':
      return `${date}: ${t('merged')} ${names.get(change.successorId ?? '') ?? change.successorId ?? '?'}${decision}`;
    case 'split':
      return `${date}: ${t('split')} ${(change.intoUnitIds ?? []).map((id) => names.get(id) ?? id).join(', ')}${decision}`;
    default: {
      const unknown: never = change.change;
      return String(unknown);
    }
  }
}

/** Đơn vị: the roster with each unit's lineage (renames, merges, splits) over the year. */
export async function unitsPage(_ctx: PageContext): Promise<Node> {
  const units = await getJson<UnitList>('/v1/units');
  const names = new Map(units.items.map((u) => [u.unitId, u.name]));
  return h(
    'div',
    { class: 'page', id: 'units-page' },
    h('h1', {}, t('units')),
    dataTable({
      id: 'units',
      caption: `${t('units')} (${units.items.length}) — ${t('position')} ${units.position}`,
      rows: units.items,
      rowAttrs: (u) => ({ 'data-unit': u.unitId, class: u.active ? null : 'inactive' }),
      columns: [
        { header: 'ID', cell: (u) => h('span', { class: 'mono' }, u.unitId), csv: (u) => u.unitId },
        { header: t('currentName'), cell: (u) => u.name },
        { header: t('kind'), cell: (u) => u.kind },
        { header: t('parent'), cell: (u) => (u.parentId ? (names.get(u.parentId) ?? u.parentId) : '—') },
        { header: t('established'), cell: (u) => localDay(u.establishedAt) },
        {
          header: t('status'),
          cell: (u) => h('span', { class: u.active ? 'ok' : 'bad' }, u.active ? t('active') : t('inactive')),
          csv: (u) => String(u.active),
        },
        {
          header: t('lineage'),
          cell: (u) =>
            u.changes.length === 0
              ? '—'
              : h('ol', { class: 'lineage' }, ...u.changes.map((c) => h('li', {}, describe(c, names)))),
          csv: (u) => u.changes.map((c) => describe(c, names)).join('; '),
        },
      ],
    }),
  );
}
