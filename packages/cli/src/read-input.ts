import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type ParseError, parse as parseTolerant, printParseErrorCode } from 'jsonc-parser';
import { CliError } from './cli-error.ts';
import { EXIT } from './exit-codes.ts';

/** A path given on the command line, taken from where the user ran the command. */
export function userPath(path: string): string {
  return resolve(process.env.INIT_CWD ?? process.cwd(), path);
}

/** Reads a file's bytes, or standard input for "-" or no file; what they are is the caller's to judge. */
export function readBytesInput(file: string | undefined): { bytes: Uint8Array; name: string } {
  let bytes: Buffer;
  let name: string;
  try {
    if (file === undefined || file === '-') {
      if (process.stdin.isTTY) {
        throw new CliError(
          'Không có dữ liệu vào: hãy chỉ một tệp hoặc chuyển dữ liệu qua stdin',
          'no input: give a file or pipe data to stdin',
          EXIT.invalidInput,
        );
      }
      bytes = readFileSync(0);
      name = 'stdin';
    } else {
      bytes = readFileSync(userPath(file));
      name = file;
    }
  } catch (error) {
    if (error instanceof CliError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new CliError(
      `Không đọc được ${file ?? 'stdin'}: ${reason}`,
      `cannot read ${file ?? 'stdin'}: ${reason}`,
      EXIT.invalidInput,
    );
  }
  return { bytes, name };
}

/** Reads a file, or standard input for "-" or no file; refuses binary content. */
export function readTextInput(file: string | undefined): { text: string; name: string } {
  const { bytes, name } = readBytesInput(file);
  if (bytes.includes(0)) {
    throw new CliError(
      `${name} là tệp nhị phân, không phải văn bản`,
      `${name} is a binary file, not text`,
      EXIT.invalidInput,
    );
  }
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes).replace(/^\uFEFF/, '');
  return { text, name };
}

/**
 * JSON.parse; on failure the error gives a line and column, in both languages. Node 20's V8 no
 * longer puts the offset in its message, so jsonc-parser (strict settings) locates it.
 */
export function parseJson(text: string, name: string): unknown {
  if (text.trim() === '') throw new CliError(`${name} rỗng`, `${name} is empty`, EXIT.invalidInput);
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const errors: ParseError[] = [];
    parseTolerant(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
    const first = errors[0];
    let where = '';
    if (first) {
      const before = text.slice(0, first.offset);
      const line = before.split('\n').length;
      const column = first.offset - before.lastIndexOf('\n');
      where = ` (dòng ${line}, cột ${column} / line ${line}, column ${column}: ${printParseErrorCode(first.error)})`;
    }
    throw new CliError(
      `JSON không hợp lệ trong ${name}${where}`,
      `invalid JSON in ${name}${where ? '' : `: ${message}`}`,
      EXIT.invalidInput,
    );
  }
}

export function readJsonFile(path: string): unknown {
  const { text, name } = readTextInput(path);
  return parseJson(text, name);
}

/** Writes a file the user named; a folder that does not exist (or cannot be written) is said plainly. */
export function writeUserFile(path: string, content: string | Uint8Array): string {
  const file = userPath(path);
  try {
    writeFileSync(file, content);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(
      `Không ghi được ${file}${code === 'ENOENT' ? ': thư mục không tồn tại' : ` (${code ?? 'lỗi'})`}`,
      `cannot write ${file}${code === 'ENOENT' ? ': the folder does not exist' : ` (${code ?? 'error'})`}`,
      EXIT.invalidInput,
    );
  }
  return file;
}
