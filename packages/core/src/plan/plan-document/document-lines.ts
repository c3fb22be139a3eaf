import { collapseSpaces } from '../cell-text.ts';
import { foldText } from '../unit-registry.ts';
import type { Fail } from './import-warning.ts';

/** A line folded for matching: spaces collapsed, lower case, without diacritics. */
export function fold(line: string): string {
  return foldText(collapseSpaces(line));
}

/** The document's lines, NFC; an empty or binary file fails, naming the line. */
export function readLines(text: string, fail: Fail): string[] {
  const body = text.startsWith('\ufeff') ? text.slice(1) : text;
  if (body.trim() === '') return fail([{ path: 'file', message: 'tệp rỗng — the file is empty' }]);
  const raw = body.split(/\r\n|\r|\n/u);
  raw.forEach((line, i) => {
    const at = `line ${i + 1}`;
    if (line.includes('\u0000'))
      fail([
        { path: at, message: 'chứa byte NUL, có lẽ là tệp nhị phân — contains NUL bytes; is this a binary file?' },
      ]);
    if (line.includes('\ufffd'))
      fail([
        {
          path: at,
          message:
            'chứa ký tự lỗi (U+FFFD), tệp không phải UTF-8 hợp lệ — contains U+FFFD; the file is not valid UTF-8',
        },
      ]);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters mark a binary file
    if (/[\u0001-\u0008\u000e-\u001f\u007f]/u.test(line))
      fail([
        {
          path: at,
          message: 'chứa ký tự điều khiển, có lẽ là tệp nhị phân — contains control characters; is this a binary file?',
        },
      ]);
  });
  return raw.map((line) => line.normalize('NFC'));
}

export function shorten(text: string, max = 80): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
