import { strToU8, zipSync } from 'fflate';
import type { DocumentModel, ModelBlock, ModelCell, ModelRow } from './document-model.ts';

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
/** Zip entries carry this time, so the same model always gives the same bytes. */
const FIXED_TIME = new Date('2025-01-02T08:00:00Z');

const escapeXml = (text: string): string =>
  text.replace(/&/gu, '&amp;').replace(/</gu, '&lt;').replace(/>/gu, '&gt;').replace(/"/gu, '&quot;');

function run(text: string, bold: boolean): string {
  return `<w:r>${bold ? '<w:rPr><w:b/></w:rPr>' : ''}<w:t xml:space="preserve">${escapeXml(text)}</w:t></w:r>`;
}

/** A paragraph; a tab in its text is a Word tab (w:tab), as a typed tab would be. */
function paragraph(text: string, options: { bold?: boolean; pageBreakBefore?: boolean } = {}): string {
  const props = options.pageBreakBefore ? '<w:pPr><w:pageBreakBefore/></w:pPr>' : '';
  const runs = text
    .split('\t')
    .map((part) => (part === '' ? '' : run(part, options.bold === true)))
    .join('<w:r><w:tab/></w:r>');
  return `<w:p>${props}${runs}</w:p>`;
}

function tableCell(c: ModelCell, width: number, header: boolean, pageBreakBefore: boolean): string {
  const props = [
    `<w:tcW w:w="${width}" w:type="dxa"/>`,
    c.span && c.span > 1 ? `<w:gridSpan w:val="${c.span}"/>` : '',
    c.vMerge === 'restart' ? '<w:vMerge w:val="restart"/>' : c.vMerge === 'continue' ? '<w:vMerge/>' : '',
  ].join('');
  // Word needs at least one paragraph in a cell.
  const texts = c.paragraphs.length > 0 && c.vMerge !== 'continue' ? c.paragraphs : [''];
  const body = texts
    .map((t, i) => paragraph(t, { bold: header, pageBreakBefore: pageBreakBefore && i === 0 }))
    .join('');
  return `<w:tc><w:tcPr>${props}</w:tcPr>${body}</w:tc>`;
}

function tableRow(row: ModelRow, widths: readonly number[]): string {
  const header = row.repeatAsHeader === true;
  const props = header ? '<w:trPr><w:tblHeader/></w:trPr>' : '';
  let column = 0;
  const cells = row.cells.map((c, i) => {
    const span = c.span ?? 1;
    const width = widths.slice(column, column + span).reduce((a, b) => a + b, 0);
    column += span;
    return tableCell(c, width, header, row.pageBreakBefore === true && i === 0);
  });
  return `<w:tr>${props}${cells.join('')}</w:tr>`;
}

function block(b: ModelBlock): string {
  if (b.kind === 'paragraph') return paragraph(b.text, { bold: b.bold === true });
  const border = (side: string) => `<w:${side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>`;
  const borders = ['top', 'left', 'bottom', 'right', 'insideH', 'insideV'].map(border).join('');
  return (
    `<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/><w:tblBorders>${borders}</w:tblBorders><w:tblLayout w:type="fixed"/></w:tblPr>` +
    `<w:tblGrid>${b.columnWidths.map((w) => `<w:gridCol w:w="${w}"/>`).join('')}</w:tblGrid>` +
    `${b.rows.map((r) => tableRow(r, b.columnWidths)).join('')}</w:tbl>` +
    // A table must be followed by a paragraph.
    '<w:p/>'
  );
}

/** A minimal, valid .docx (A4 landscape) of the model: Word, LibreOffice and our reader open it. */
export function writeDocx(model: DocumentModel): Uint8Array {
  const document =
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="${W}"><w:body>` +
    model.blocks.map(block).join('') +
    '<w:sectPr><w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/>' +
    '<w:pgMar w:top="1134" w:right="1134" w:bottom="1134" w:left="1134" w:header="567" w:footer="567" w:gutter="0"/></w:sectPr>' +
    '</w:body></w:document>';
  const contentTypes =
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
    '<Default Extension="xml" ContentType="application/xml"/>' +
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>' +
    '</Types>';
  const rels =
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>' +
    '</Relationships>';
  return zipSync(
    {
      '[Content_Types].xml': strToU8(contentTypes),
      '_rels/.rels': strToU8(rels),
      'word/document.xml': strToU8(document),
    },
    { level: 9, mtime: FIXED_TIME },
  );
}
