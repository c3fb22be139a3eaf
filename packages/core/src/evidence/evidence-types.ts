/** The largest evidence file accepted: 25 MiB (a scanned decision of a few dozen pages). */
export const EVIDENCE_MAX_BYTES = 25 * 1024 * 1024;

export interface EvidenceType {
  readonly mediaType: string;
  readonly extensions: readonly string[];
  readonly label: string;
}

/**
 * What an evidence file may be: office documents, PDF, images of scans, plain text and CSV. The
 * type is read from the bytes (the name's extension must agree); anything else is refused, so a
 * file served back is never a page or a script.
 */
export const EVIDENCE_TYPES: readonly EvidenceType[] = [
  { mediaType: 'application/pdf', extensions: ['pdf'], label: 'PDF' },
  {
    mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    extensions: ['docx'],
    label: 'Word .docx',
  },
  {
    mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    extensions: ['xlsx'],
    label: 'Excel .xlsx',
  },
  { mediaType: 'application/msword', extensions: ['doc'], label: 'Word .doc' },
  { mediaType: 'application/vnd.ms-excel', extensions: ['xls'], label: 'Excel .xls' },
  { mediaType: 'application/vnd.oasis.opendocument.text', extensions: ['odt'], label: 'OpenDocument .odt' },
  { mediaType: 'application/vnd.oasis.opendocument.spreadsheet', extensions: ['ods'], label: 'OpenDocument .ods' },
  { mediaType: 'image/png', extensions: ['png'], label: 'PNG' },
  { mediaType: 'image/jpeg', extensions: ['jpg', 'jpeg'], label: 'JPEG' },
  { mediaType: 'text/plain; charset=utf-8', extensions: ['txt'], label: 'văn bản/text .txt' },
  { mediaType: 'text/csv; charset=utf-8', extensions: ['csv'], label: 'CSV' },
];

export const EVIDENCE_TYPE_LIST = EVIDENCE_TYPES.map((t) => t.extensions.join('/')).join(', ');

const has = (bytes: Uint8Array, at: number, ...prefix: number[]): boolean =>
  prefix.every((b, i) => bytes[at + i] === b);
const latin1 = (bytes: Uint8Array): string => Buffer.from(bytes.subarray(0, 65536)).toString('latin1');

/** The type the bytes are, given the name's extension; undefined when they are not an accepted type. */
export function evidenceTypeOf(bytes: Uint8Array, fileName: string): EvidenceType | undefined {
  const extension = /\.([a-z0-9]+)$/iu.exec(fileName)?.[1]?.toLowerCase() ?? '';
  const type = EVIDENCE_TYPES.find((t) => t.extensions.includes(extension));
  if (!type) return undefined;
  const head = latin1(bytes);
  const zip = has(bytes, 0, 0x50, 0x4b, 0x03, 0x04);
  const ole = has(bytes, 0, 0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1);
  const matches: Record<string, boolean> = {
    pdf: has(bytes, 0, 0x25, 0x50, 0x44, 0x46, 0x2d),
    docx: zip && head.includes('word/'),
    xlsx: zip && head.includes('xl/'),
    doc: ole,
    xls: ole,
    odt: zip && head.includes('application/vnd.oasis.opendocument.text'),
    ods: zip && head.includes('application/vnd.oasis.opendocument.spreadsheet'),
    png: has(bytes, 0, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a),
    jpg: has(bytes, 0, 0xff, 0xd8, 0xff),
    jpeg: has(bytes, 0, 0xff, 0xd8, 0xff),
    txt: isUtf8Text(bytes),
    csv: isUtf8Text(bytes),
  };
  return matches[extension] ? type : undefined;
}

function isUtf8Text(bytes: Uint8Array): boolean {
  if (bytes.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}
