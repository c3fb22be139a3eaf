import { partNames } from './ooxml-package.ts';

/** What a plan file turned out to be, from its bytes (the name only settles a legacy Office file). */
export type FileKind =
  | 'text'
  | 'utf16-text'
  | 'docx'
  | 'xlsx'
  | 'pdf'
  | 'doc'
  | 'xls'
  | 'odf'
  | 'rtf'
  | 'other-zip'
  | 'binary';

const startsWith = (bytes: Uint8Array, ...prefix: number[]): boolean => prefix.every((b, i) => bytes[i] === b);

export function detectFileKind(bytes: Uint8Array, name: string): FileKind {
  if (startsWith(bytes, 0x25, 0x50, 0x44, 0x46, 0x2d)) return 'pdf';
  if (startsWith(bytes, 0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1)) return /\.xlsx?$/iu.test(name) ? 'xls' : 'doc';
  if (startsWith(bytes, 0x7b, 0x5c, 0x72, 0x74, 0x66)) return 'rtf';
  if (startsWith(bytes, 0xff, 0xfe) || startsWith(bytes, 0xfe, 0xff)) return 'utf16-text';
  if (startsWith(bytes, 0x50, 0x4b, 0x03, 0x04)) {
    const parts = partNames(bytes);
    if (parts === undefined) return 'binary';
    if (parts.includes('word/document.xml')) return 'docx';
    if (parts.includes('xl/workbook.xml')) return 'xlsx';
    if (parts.includes('content.xml') && parts.includes('mimetype')) return 'odf';
    return 'other-zip';
  }
  return bytes.includes(0) ? 'binary' : 'text';
}

const IMPORTABLE = {
  vi: 'nhập được: văn bản .txt (UTF-8, bảng phụ lục cách nhau bằng tab), Word .docx, Excel .xlsx',
  en: 'importable: text .txt (UTF-8, the appendix tab-separated), Word .docx, Excel .xlsx',
};

/** Why a kind of file is not imported and what to do instead, "vi — en"; undefined when it is read. */
export function refusalOf(kind: FileKind, name: string): string | undefined {
  switch (kind) {
    case 'text':
    case 'utf16-text':
    case 'docx':
    case 'xlsx':
      return undefined;
    case 'pdf':
      return (
        `${name} là tệp PDF: bảng phụ lục trong PDF chỉ còn là chữ đặt theo tọa độ, không còn hàng và ô, nên không đọc được chắc chắn. ` +
        `Hãy dùng bản Word/Excel gốc, hoặc mở PDF bằng Word (Tệp → Mở: Word chuyển thành .docx) rồi nhập tệp .docx — ` +
        `${name} is a PDF: its appendix is only positioned text, without rows and cells, so it cannot be read reliably. ` +
        `Use the original Word/Excel file, or open the PDF in Word (File → Open converts it to .docx) and import the .docx`
      );
    case 'doc':
      return (
        `${name} là tệp Word 97–2003 (.doc), định dạng cũ không đọc được; mở bằng Word và lưu thành .docx (Tệp → Lưu thành → Tài liệu Word), ` +
        `hoặc: soffice --headless --convert-to docx "${name}" — ${name} is a Word 97–2003 file (.doc), an old format that is not read; ` +
        `save it as .docx (File → Save As → Word Document), or: soffice --headless --convert-to docx "${name}"`
      );
    case 'xls':
      return (
        `${name} là tệp Excel 97–2003 (.xls), định dạng cũ không đọc được; mở bằng Excel và lưu thành .xlsx, ` +
        `hoặc: soffice --headless --convert-to xlsx "${name}" — ${name} is an Excel 97–2003 file (.xls), an old format that is not read; ` +
        `save it as .xlsx, or: soffice --headless --convert-to xlsx "${name}"`
      );
    case 'odf':
      return (
        `${name} là tệp OpenDocument (.odt/.ods); lưu thành .docx hoặc .xlsx (LibreOffice: Tệp → Lưu thành) rồi nhập lại — ` +
        `${name} is an OpenDocument file (.odt/.ods); save it as .docx or .xlsx (LibreOffice: File → Save As) and import that`
      );
    case 'rtf':
      return `${name} là tệp RTF; mở bằng Word và lưu thành .docx rồi nhập lại — ${name} is an RTF file; open it in Word, save it as .docx and import that`;
    case 'other-zip':
      return `${name} là tệp nén (zip) nhưng không phải tài liệu Word hay bảng tính Excel; ${IMPORTABLE.vi} — ${name} is a zip archive but neither a Word document nor an Excel workbook; ${IMPORTABLE.en}`;
    case 'binary':
      return `${name} là tệp nhị phân không rõ loại; ${IMPORTABLE.vi} — ${name} is a binary file of an unknown kind; ${IMPORTABLE.en}`;
  }
}
