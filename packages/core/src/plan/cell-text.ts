/** NFC, non-breaking and other Unicode spaces folded to one ASCII space, trimmed. */
export function collapseSpaces(text: string): string {
  return text
    .normalize('NFC')
    .replace(/[\s\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff]+/gu, ' ')
    .trim();
}

const ENTITIES: Record<string, string> = {
  nbsp: ' ',
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  ndash: '–',
  mdash: '—',
};

/**
 * A table cell as text: HTML tags left over from the export removed, entities decoded, spaces
 * collapsed (NFC), and a leading list bullet dropped.
 */
export function cleanCellText(raw: string): string {
  const withoutTags = raw.replace(/<\/?[a-zA-Z][^<>]*>/gu, ' ');
  const decoded = withoutTags.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/giu, (whole, name: string) => {
    if (name.startsWith('#x') || name.startsWith('#X'))
      return safeCodePoint(Number.parseInt(name.slice(2), 16)) ?? whole;
    if (name.startsWith('#')) return safeCodePoint(Number.parseInt(name.slice(1), 10)) ?? whole;
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
  return collapseSpaces(decoded).replace(/^[-•+*]\s+/u, '');
}

function safeCodePoint(code: number): string | undefined {
  return Number.isInteger(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : undefined;
}
