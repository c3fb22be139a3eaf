import { type CommandOutcome, localDateTimeOf, type RecordedEvent } from '@cchc/core';

/** A number to `digits` decimals; null as a dash. */
export const formatNumber = (n: number | null, digits = 2): string => (n === null ? '—' : n.toFixed(digits));

/** A plain text table; widths count code points, which suits NFC Vietnamese. */
export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const width = (s: string) => [...s].length;
  const widths = headers.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i] ?? ''))));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => c + ' '.repeat(widths[i]! - width(c)))
      .join('  ')
      .trimEnd();
  return [line(headers), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function eventRows(events: readonly RecordedEvent[]): string {
  return table(
    [
      'Vị trí/Pos',
      'Ghi nhận lúc/Recorded',
      'Xảy ra lúc/Occurred',
      'Luồng/Stream',
      '#',
      'Loại/Type',
      'Đơn vị/Unit',
      'Người ghi/Actor',
      'Băm/Hash',
    ],
    events.map((e) => {
      const data = e.data as { unitId?: unknown };
      const unit = typeof data.unitId === 'string' ? data.unitId : (e.metadata.unitId ?? '');
      const backfill = e.metadata.source === 'backfill' ? ' (nhập bù/backfill)' : '';
      return [
        String(e.globalPosition),
        localDateTimeOf(e.recordedAt) + backfill,
        localDateTimeOf(e.occurredAt),
        e.streamId,
        String(e.streamRevision),
        `${e.type} v${e.schemaVersion}`,
        unit,
        e.metadata.actor,
        e.hash.slice(0, 12),
      ];
    }),
  );
}

/** What an action wrote, or that it wrote nothing (a command already handled, or nothing new). */
export function printOutcome(outcome: CommandOutcome): void {
  if (outcome.events.length === 0) {
    console.log('• Không có gì mới để ghi — nothing new to record');
    return;
  }
  const list = outcome.events.map((e) => `${e.type} @${e.globalPosition}`).join(', ');
  if (outcome.alreadyHandled)
    console.log(`• Lệnh đã được xử lý trước đó, không ghi lại: ${list} — command already handled, nothing written`);
  else console.log(`✓ Đã ghi / appended: ${list}`);
}
