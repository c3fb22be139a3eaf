import type { ImportWarning } from './import-warning.ts';

/** Known misspellings in plan documents; fixed with an info warning so nobody is surprised. */
const KNOWN_TYPOS: ReadonlyArray<{ wrong: string; right: string }> = [
  { wrong: 'Công dữ liệu', right: 'Cổng dữ liệu' },
  { wrong: 'Công dịch vụ công', right: 'Cổng dịch vụ công' },
  { wrong: 'Công thông tin điện tử', right: 'Cổng thông tin điện tử' },
  { wrong: 'Công tham vấn', right: 'Cổng tham vấn' },
  { wrong: 'trực tuyển', right: 'trực tuyến' },
  { wrong: 'đầu mỗi', right: 'đầu mối' },
];

/** Replaces every known typo standing as a whole word, reporting each with its index in `text`. */
export function fixTypos(text: string, report: (wrong: string, right: string, index: number) => void): string {
  let out = text;
  for (const { wrong, right } of KNOWN_TYPOS) {
    const pattern = new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(wrong)}(?![\\p{L}\\p{N}])`, 'gu');
    out = out.replace(pattern, (match: string, index: number) => {
      report(match, right, index);
      return right;
    });
  }
  return out;
}

export function typoWarning(
  line: number,
  row: string | undefined,
  wrong: string,
  right: string,
  whereVi: string,
  whereEn: string,
): ImportWarning {
  return {
    line,
    ...(row ? { row } : {}),
    code: 'TYPO_FIXED',
    severity: 'info',
    message: `Đã sửa lỗi chính tả “${wrong}” thành “${right}” trong ${whereVi} — fixed the typo “${wrong}” to “${right}” in ${whereEn}`,
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
}
