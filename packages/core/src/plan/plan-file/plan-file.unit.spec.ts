import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../errors/cchc-error.ts';
import { exampleRegistry } from '../../testing/seed-fixture.ts';
import { importPlanFile } from './plan-file.ts';
import { detectFileKind } from './plan-file-kind.ts';
import { cell, type DocumentModel, type ModelRow } from './testing/document-model.ts';
import { writeDocx } from './testing/docx-writer.ts';
import { writeXlsx } from './testing/xlsx-writer.ts';

const HEAD = ['KẾ HOẠCH', 'Cải cách hành chính của Sở Tài nguyên và Môi trường năm 2025', 'PHỤ LỤC'];
const headerRow: ModelRow = {
  cells: ['STT', 'Nhiệm vụ', 'Sản phẩm', 'Tiến độ', 'Phân công'].map((t) => cell(t)),
  repeatAsHeader: true,
};
const model = (rows: ModelRow[]): DocumentModel => ({
  blocks: [
    ...HEAD.map((text) => ({ kind: 'paragraph' as const, text })),
    { kind: 'table', columnWidths: [700, 4000, 3000, 2000, 3000], rows: [headerRow, ...rows] },
  ],
});
const area: ModelRow = { cells: [cell('I'), cell('Cải cách thể chế', { span: 4 })] };
const task = (stt: string, title: string, deadline = 'Quý II/2025'): ModelRow => ({
  cells: [cell(stt), cell(title), cell('Kế hoạch'), cell(deadline), cell('Văn phòng Sở')],
});

async function refusal(bytes: Uint8Array, name: string): Promise<string> {
  try {
    await importPlanFile(bytes, exampleRegistry(), { sourceName: name });
  } catch (error) {
    if (error instanceof ValidationError) return error.issues.map((i) => i.message).join('\n');
    throw error;
  }
  throw new Error('not refused');
}

describe('importPlanFile', () => {
  it('reads a Word table whose STT cell is merged down as one task continued', async () => {
    const continued: ModelRow = {
      cells: [cell('', { vMerge: 'continue' }), cell('(tiếp) năm 2025'), cell(''), cell(''), cell('')],
    };
    const first = {
      cells: task('1', 'Xây dựng kế hoạch').cells.map((c, i) => (i === 0 ? { ...c, vMerge: 'restart' as const } : c)),
    };
    const result = await importPlanFile(
      writeDocx(model([area, first, continued, task('2', 'Rà soát')])),
      exampleRegistry(),
    );
    expect(result.plan.tasks.map((t) => [t.id, t.title])).toEqual([
      ['I.1', 'Xây dựng kế hoạch (tiếp) năm 2025'],
      ['I.2', 'Rà soát'],
    ]);
    const merged = result.warnings.find((w) => w.code === 'CONTINUATION_MERGED');
    expect(merged?.at).toBe('bảng 1, hàng 4 — table 1, row 4');
    expect(result.summary).toMatchObject({ format: 'docx', tasks: 2, continuationRowsMerged: 1, areaRows: 1 });
  });

  it('never drops a row of a sheet: a stray row is rejected with a warning naming the sheet and row', async () => {
    const stray: ModelRow = { cells: [cell('x'), cell('ghi chú'), cell(''), cell(''), cell('')] };
    const bytes = await writeXlsx([{ name: 'PL', blocks: model([area, task('1', 'A'), stray]).blocks }]);
    const result = await importPlanFile(bytes, exampleRegistry());
    expect(result.summary).toMatchObject({ format: 'xlsx', tasks: 1, rowsRejected: 1 });
    expect(result.warnings.find((w) => w.code === 'UNRECOGNIZED_ROW')?.at).toBe(
      'trang tính “PL”, hàng 7 — sheet “PL”, row 7',
    );
  });

  it('says where in the .docx a structural error is', async () => {
    const noDeadline: ModelRow = { cells: ['STT', 'Nhiệm vụ', 'Sản phẩm', 'Phân công'].map((t) => cell(t)) };
    const doc: DocumentModel = {
      blocks: [
        ...HEAD.map((text) => ({ kind: 'paragraph' as const, text })),
        { kind: 'table', columnWidths: [1, 1, 1, 1], rows: [noDeadline] },
      ],
    };
    await expect(importPlanFile(writeDocx(doc), exampleRegistry())).rejects.toMatchObject({
      issues: [{ path: 'bảng 1, hàng 1 — table 1, row 1' }],
    });
  });

  it('says a .docx without a table needs a Word table with the header row', async () => {
    const doc: DocumentModel = { blocks: HEAD.map((text) => ({ kind: 'paragraph' as const, text })) };
    await expect(importPlanFile(writeDocx(doc), exampleRegistry())).rejects.toMatchObject({
      issues: [
        { path: 'appendix', message: expect.stringMatching(/cần một bảng Word.*a Word table with a header row/su) },
      ],
    });
  });

  it.each([
    ['plan.pdf', strToU8('%PDF-1.7\n...'), /tệp PDF.*\.docx — .*is a PDF.*import the \.docx/su],
    [
      'plan.doc',
      new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0]),
      /Word 97–2003 \(\.doc\).*convert-to docx/su,
    ],
    ['plan.xls', new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0]), /Excel 97–2003 \(\.xls\)/u],
    ['plan.rtf', strToU8('{\\rtf1 ...}'), /tệp RTF.*is an RTF file/su],
    ['plan.zip', zipSync({ 'a.txt': strToU8('x') }), /không phải tài liệu Word hay bảng tính Excel.*importable/su],
    ['plan.bin', new Uint8Array([1, 0, 2, 3]), /tệp nhị phân không rõ loại.*\.docx, Excel \.xlsx/su],
  ])('refuses %s naming its kind and what to do', async (name, bytes, message) => {
    const text = await refusal(bytes, name);
    expect(text).toMatch(message);
    expect(text).toContain(name);
  });

  it('names a damaged .docx as a Word document that cannot be read', async () => {
    const broken = zipSync({ 'word/document.xml': strToU8('<w:document><unclosed') });
    expect(detectFileKind(broken, 'x.docx')).toBe('docx');
    expect(await refusal(broken, 'x.docx')).toMatch(/tài liệu Word \(\.docx\) nhưng không đọc được.*Word document/su);
  });

  it('reads UTF-16 text (Word’s “Unicode text”) like UTF-8', async () => {
    const text = `${HEAD.join('\n')}\nSTT\tNhiệm vụ\tSản phẩm\tTiến độ\tPhân công\nI\tCải cách thể chế\t\t\t\n1\tA\tKH\tQuý I/2025\tVăn phòng Sở\n`;
    const utf16 = new Uint8Array([0xff, 0xfe, ...new Uint8Array(Buffer.from(text, 'utf16le'))]);
    const result = await importPlanFile(utf16, exampleRegistry());
    expect(result.plan.tasks.map((t) => t.id)).toEqual(['I.1']);
  });
});
