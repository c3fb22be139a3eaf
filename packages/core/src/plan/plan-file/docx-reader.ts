import { DOMParser, type Element, type Node } from '@xmldom/xmldom';
import type { GridCell, GridRow } from './grid-rows.ts';
import { OoxmlPackageError, readParts } from './ooxml-package.ts';

/** WordprocessingML, transitional and strict. */
const W_NAMESPACES: ReadonlySet<string> = new Set([
  'http://schemas.openxmlformats.org/wordprocessingml/2006/main',
  'http://purl.oclc.org/ooxml/wordprocessingml/main',
]);
const DOCUMENT_PART = 'word/document.xml';

/** The body of a Word document in order: paragraphs, and tables as rows of grid cells. */
export type DocxBlock =
  | { readonly kind: 'paragraph'; readonly text: string }
  | { readonly kind: 'table'; readonly rows: readonly GridRow[] };

/**
 * Reads the main part of a .docx: each body paragraph's text (tabs kept, a line break starts a new
 * line) and each table as rows of cells placed on the table grid (gridBefore, gridSpan, vMerge),
 * so that merged cells can be resolved as a table rather than guessed from flattened text.
 * Deleted revisions, field codes and the fallback copy of alternate content are not text.
 */
export function readDocxBlocks(bytes: Uint8Array): DocxBlock[] {
  const part = readParts(bytes, (name) => name === DOCUMENT_PART).get(DOCUMENT_PART);
  if (!part) throw new OoxmlPackageError(`no ${DOCUMENT_PART} in the package`);
  const xml = new TextDecoder('utf-8').decode(part);
  let root: Element | null;
  try {
    const parser = new DOMParser({
      onError: (level, message) => {
        if (level !== 'warning') throw new OoxmlPackageError(message);
      },
    });
    root = parser.parseFromString(xml, 'text/xml').documentElement;
  } catch (error) {
    if (error instanceof OoxmlPackageError) throw new OoxmlPackageError(`${DOCUMENT_PART}: ${error.message}`);
    throw new OoxmlPackageError(`${DOCUMENT_PART}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const body = root ? childElements(root).find((e) => isW(e, 'body')) : undefined;
  if (!body) throw new OoxmlPackageError(`${DOCUMENT_PART} has no w:body`);
  const blocks: DocxBlock[] = [];
  for (const element of blockElements(body)) {
    if (isW(element, 'p')) {
      for (const line of paragraphText(element, 'body').split('\n')) blocks.push({ kind: 'paragraph', text: line });
    } else if (isW(element, 'tbl')) blocks.push({ kind: 'table', rows: tableRows(element) });
  }
  return blocks;
}

function isW(node: Node, localName: string): node is Element {
  return node.nodeType === 1 && node.localName === localName && W_NAMESPACES.has(node.namespaceURI ?? '');
}

function childElements(parent: Node): Element[] {
  const out: Element[] = [];
  for (let n = parent.firstChild; n !== null; n = n.nextSibling) if (n.nodeType === 1) out.push(n as Element);
  return out;
}

/** Paragraphs and tables of a container, looking through content controls and custom XML wrappers. */
function blockElements(container: Element): Element[] {
  return childElements(container).flatMap((e) => {
    if (isW(e, 'p') || isW(e, 'tbl')) return [e];
    if (isW(e, 'sdt')) return childElements(e).flatMap((c) => (isW(c, 'sdtContent') ? blockElements(c) : []));
    if (isW(e, 'customXml')) return blockElements(e);
    return [];
  });
}

function attribute(element: Element, name: string): string | undefined {
  for (const ns of W_NAMESPACES) {
    const value = element.getAttributeNS(ns, name);
    if (value) return value;
  }
  return element.getAttribute(`w:${name}`) ?? undefined;
}

function property(container: Element | undefined, name: string): Element | undefined {
  return container ? childElements(container).find((e) => isW(e, name)) : undefined;
}

function intProperty(container: Element | undefined, name: string, fallback: number): number {
  const p = property(container, name);
  const n = p ? Number.parseInt(attribute(p, 'val') ?? '', 10) : Number.NaN;
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

/** A paragraph's text. In the body a tab stays a tab and a line break a new line; in a cell both are spaces. */
function paragraphText(paragraph: Element, where: 'body' | 'cell'): string {
  const parts: string[] = [];
  const walk = (node: Element): void => {
    for (const child of childElements(node)) {
      const name = child.localName;
      if (!W_NAMESPACES.has(child.namespaceURI ?? '')) {
        // mc:AlternateContent holds the same content twice: read the choice, not the fallback.
        if (name !== 'Fallback') walk(child);
        continue;
      }
      if (name === 't') parts.push(child.textContent ?? '');
      else if (name === 'tab') parts.push(where === 'body' ? '\t' : ' ');
      else if (name === 'br' || name === 'cr') parts.push(where === 'body' ? '\n' : ' ');
      else if (name === 'noBreakHyphen') parts.push('-');
      else if (name === 'del' || name === 'instrText' || name === 'pPr' || name === 'rPr' || name === 'txbxContent')
        continue;
      else walk(child);
    }
  };
  walk(paragraph);
  return parts.join('');
}

/** A cell's text: its paragraphs (and any nested table's) joined with spaces. */
function cellText(cell: Element): string {
  return blockElements(cell)
    .map((e) =>
      isW(e, 'p')
        ? paragraphText(e, 'cell')
        : tableRows(e)
            .flatMap((row) => row.map((c) => (c.merged ? '' : c.text)))
            .join(' '),
    )
    .map((t) => t.trim())
    .filter((t) => t !== '')
    .join(' ');
}

function rowCells(row: Element): Element[] {
  return childElements(row).flatMap((e) => {
    if (isW(e, 'tc')) return [e];
    if (isW(e, 'sdt')) return childElements(e).flatMap((c) => (isW(c, 'sdtContent') ? rowCells(c) : []));
    if (isW(e, 'customXml')) return rowCells(e);
    return [];
  });
}

function tableRows(table: Element): GridRow[] {
  const rows: GridRow[] = [];
  for (const tr of childElements(table).filter((e) => isW(e, 'tr'))) {
    const trPr = property(tr, 'trPr');
    const cells: GridCell[] = [];
    for (let i = 0; i < intProperty(trPr, 'gridBefore', 0); i += 1) cells.push({ text: '' });
    for (const tc of rowCells(tr)) {
      const tcPr = property(tc, 'tcPr');
      const vMerge = property(tcPr, 'vMerge');
      const continues = vMerge !== undefined && (attribute(vMerge, 'val') ?? 'continue') === 'continue';
      const hMerge = property(tcPr, 'hMerge');
      const spanned = hMerge !== undefined && (attribute(hMerge, 'val') ?? 'continue') === 'continue';
      const text = continues || spanned ? '' : cellText(tc);
      cells.push(continues ? { text, merged: 'down' } : spanned ? { text, merged: 'span' } : { text });
      for (let i = 1; i < intProperty(tcPr, 'gridSpan', 1); i += 1)
        cells.push(continues ? { text: '', merged: 'down' } : { text: '', merged: 'span' });
    }
    rows.push(cells);
  }
  return rows;
}
