import { localDateOf, localDateTimeOf } from '@cchc/core/time';
import { t } from './i18n.ts';

type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | null | undefined | ((event: Event) => void)>;

/** Creates an element: `on*` attributes become listeners, `false`/`null` attributes are left out. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (typeof value === 'function') el.addEventListener(name.slice(2).toLowerCase(), value);
    else if (value === true) el.setAttribute(name, '');
    else if (value !== false && value !== null && value !== undefined) el.setAttribute(name, String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

/** Numbers as the page shows them: Vietnamese decimal comma in Vietnamese, point in English. */
export function num(value: number | null | undefined, digits = 2): string {
  if (value === null || value === undefined) return '—';
  return value.toLocaleString(document.documentElement.lang === 'en' ? 'en-GB' : 'vi-VN', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}

export const pct = (value: number | null | undefined, digits = 1): string =>
  value === null || value === undefined ? '—' : `${num(value * 100, digits)}%`;

/** An instant in Vietnam time, `YYYY-MM-DD HH:mm:ss`. */
export function localTime(iso: string | null | undefined): string {
  return iso ? localDateTimeOf(iso) : '—';
}

/** A date `YYYY-MM-DD` as `DD/MM/YYYY`. */
export function localDate(date: string | null | undefined): string {
  if (!date) return '—';
  const [y, m, d] = date.slice(0, 10).split('-');
  return `${d}/${m}/${y}`;
}

/** The Vietnam-time day of an instant, as `DD/MM/YYYY`. */
export const localDay = (iso: string): string => localDate(localDateOf(iso));

export const shortId = (id: string): string => id.slice(0, 8);

export function save(filename: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const link = h('a', { href: url, download: filename });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export interface Column<T> {
  readonly header: string;
  readonly cell: (row: T) => Node | string;
  /** The value written to CSV (default: the cell's text). */
  readonly csv?: (row: T) => string | number | null;
  readonly numeric?: boolean;
}

const csvField = (value: string | number | null): string => {
  const text = value === null ? '' : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

export function toCsv<T>(columns: readonly Column<T>[], rows: readonly T[]): string {
  const cellText = (c: Column<T>, r: T) => {
    if (c.csv) return c.csv(r);
    const cell = c.cell(r);
    return typeof cell === 'string' ? cell : (cell.textContent ?? '');
  };
  return [columns.map((c) => csvField(c.header)), ...rows.map((r) => columns.map((c) => csvField(cellText(c, r))))]
    .map((line) => line.join(','))
    .join('\r\n');
}

/**
 * A captioned table in a horizontally scrolling wrapper, with a button that downloads exactly the
 * rows shown as CSV (UTF-8 with BOM so that Excel reads the Vietnamese letters).
 */
export function dataTable<T>(options: {
  id: string;
  caption: string;
  columns: readonly Column<T>[];
  rows: readonly T[];
  rowAttrs?: (row: T) => Attrs;
}): HTMLElement {
  const { columns, rows } = options;
  const download = h(
    'button',
    {
      type: 'button',
      class: 'secondary',
      'data-csv': options.id,
      onclick: () =>
        save(`${options.id}.csv`, new Blob(['\uFEFF', toCsv(columns, rows)], { type: 'text/csv;charset=utf-8' })),
    },
    t('downloadCsv'),
  );
  const table = h(
    'table',
    { id: options.id },
    h('caption', {}, options.caption),
    h(
      'thead',
      {},
      h('tr', {}, ...columns.map((c) => h('th', { scope: 'col', class: c.numeric ? 'num' : null }, c.header))),
    ),
    h(
      'tbody',
      {},
      ...rows.map((r) =>
        h(
          'tr',
          options.rowAttrs?.(r) ?? {},
          ...columns.map((c) => h('td', { class: c.numeric ? 'num' : null }, c.cell(r))),
        ),
      ),
    ),
  );
  return h(
    'section',
    { class: 'table-block' },
    h('div', { class: 'table-tools' }, download),
    h('div', { class: 'table-scroll', tabindex: 0, role: 'region', 'aria-label': options.caption }, table),
  );
}

export function notice(kind: 'error' | 'info', text: string): HTMLElement {
  return h('p', { class: `notice ${kind}`, role: kind === 'error' ? 'alert' : 'status' }, text);
}
