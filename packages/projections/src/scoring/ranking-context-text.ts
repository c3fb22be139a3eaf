import { localDateTimeOf } from '@cchc/core';
import type { RankingInContext } from './ranking-context.ts';
import type { RankingDiagnosis, RankingFinding } from './ranking-diagnosis.ts';

/** A sentence in both languages, as every surface shows it (Vietnamese first). */
export interface Note {
  readonly vi: string;
  readonly en: string;
}

/** A local time, said as such. */
const local = (instant: string) => `${localDateTimeOf(instant)} (giờ VN/Vietnam time)`;

/** What the instant of a ranking means: final at the cutoff, or provisional, and why. */
export function instantNote(context: Pick<RankingInContext, 'ranking' | 'requestedAsOf' | 'clampedToNow'>): Note[] {
  const { ranking } = context;
  const notes: Note[] = [];
  if (context.clampedToNow && context.requestedAsOf) {
    notes.push({
      vi: `Thời điểm yêu cầu ${local(context.requestedAsOf)} còn ở tương lai: tính đến bây giờ, ${local(ranking.asOf)}`,
      en: `The instant asked for, ${local(context.requestedAsOf)}, is in the future: computed as of now, ${local(ranking.asOf)}`,
    });
  }
  notes.push(
    ranking.provisional
      ? {
          vi: `TẠM TÍNH đến ${local(ranking.asOf)}, chưa đến mốc chấm điểm ${local(ranking.cutoff)}: những gì chưa đến hạn không bị trừ, nhiệm vụ chưa đến hạn chưa được chấm`,
          en: `PROVISIONAL as of ${local(ranking.asOf)}, before the scoring cutoff ${local(ranking.cutoff)}: nothing not yet due is deducted, tasks not yet due are not scored`,
        }
      : {
          vi: `Tính đến ${local(ranking.asOf)} (mốc chấm điểm ${local(ranking.cutoff)}), theo những gì văn phòng đã biết lúc đó`,
          en: `As known at ${local(ranking.asOf)} (scoring cutoff ${local(ranking.cutoff)})`,
        },
  );
  return notes;
}

/** R-RANK-TIES, as stated with every ranking. */
export function tiesNote(context: Pick<RankingInContext, 'ranking'>): Note {
  const { precision } = context.ranking.ties;
  return {
    vi: `Điểm bằng nhau khi làm tròn ${precision} chữ số thập phân thì đồng hạng (1, 2, 2, 4); trong nhóm đồng hạng, đơn vị được liệt kê theo mã (chỉ để liệt kê)`,
    en: `Scores equal when rounded to ${precision} decimals share a rank (1, 2, 2, 4); within a tie, units are listed by id (listing only)`,
  };
}

/** The ranking beside the publication at the same instant: the same, or what changed since. */
export function publicationNotes(context: Pick<RankingInContext, 'publication'>): Note[] {
  const p = context.publication;
  if (!p) return [];
  const when = local(p.published.recordedAt);
  if (p.sameInputsHash || (p.sameRows && p.changes.length === 0)) {
    return [
      {
        vi: `Khớp bản đã công bố lúc ${when} (sự kiện ${p.published.eventId})`,
        en: `Same as the ranking published at ${when} (event ${p.published.eventId})`,
      },
    ];
  }
  const head: Note = {
    vi: `KHÁC bản đã công bố lúc ${when} (sự kiện ${p.published.eventId})${p.sameRows ? ', cùng kết quả nhưng khác đầu vào' : ''}: ${p.changes.length} sự kiện được tính thêm sau khi công bố`,
    en: `DIFFERS from the ranking published at ${when} (event ${p.published.eventId})${p.sameRows ? ', same rows but other inputs' : ''}: ${p.changes.length} events counted since it was published`,
  };
  return [
    head,
    ...p.changes.map((c) => {
      const why = c.reason ? `; lý do/reason: ${c.reason}` : '';
      const claim = c.claimedBy ? `; theo/by KnowledgeClaimed ${c.claimedBy}` : '';
      return {
        vi: `  ${c.type} ${c.streamId} (${c.eventId}): xảy ra ${local(c.occurredAt)}, văn phòng biết ${local(c.knownAt)}, ghi nhận ${local(c.recordedAt)}, bởi ${c.actor} (${c.source})${why}${claim}`,
        en: `  ${c.type} ${c.streamId} (${c.eventId}): occurred ${local(c.occurredAt)}, known ${local(c.knownAt)}, recorded ${local(c.recordedAt)}, by ${c.actor} (${c.source})${why}${claim}`,
      };
    }),
  ];
}

/** Each finding of a diagnosis as a sentence, with the repair where there is one. */
export function findingNotes(diagnosis: RankingDiagnosis): Note[] {
  return diagnosis.findings.map((f) => findingNote(f, diagnosis));
}

function findingNote(f: RankingFinding, d: RankingDiagnosis): Note {
  switch (f.code) {
    case 'NO_PLAN':
      return {
        vi: `Không có kế hoạch ${f.planId ?? (f.year !== null ? `năm ${f.year}` : '')} trong sổ cái (đến vị trí ${d.position}); hãy ghi kế hoạch bằng cchc plan apply`,
        en: `No plan ${f.planId ?? (f.year !== null ? `for ${f.year}` : '')} in the ledger (up to position ${d.position}); record it with cchc plan apply`,
      };
    case 'PLAN_KNOWN_AFTER_AS_OF':
      return {
        vi: `Kế hoạch ${f.planId} chỉ được biết từ ${local(f.knownAt)} (ghi nhận ${local(f.recordedAt)}), sau thời điểm ${local(d.asOf)}: chưa được tính. Nếu văn phòng đã có kế hoạch sớm hơn: cchc plan apply <plan.json> --backfill "<lý do>" --known-at <ngày văn phòng có kế hoạch>`,
        en: `Plan ${f.planId} is known only from ${local(f.knownAt)} (recorded ${local(f.recordedAt)}), after ${local(d.asOf)}: it does not count yet. If the office had it earlier: cchc plan apply <plan.json> --backfill "<why>" --known-at <when the office had it>`,
      };
    case 'PLAN_ISSUED_AFTER_AS_OF':
      return {
        vi: `Kế hoạch ${f.planId} ban hành lúc ${local(f.occurredAt)}, sau thời điểm ${local(d.asOf)}`,
        en: `Plan ${f.planId} was issued at ${local(f.occurredAt)}, after ${local(d.asOf)}`,
      };
    case 'EVENTS_LEFT_OUT':
      return {
        vi: `${f.count} sự kiện của kế hoạch ${f.planId} không được tính tại ${local(d.asOf)}: ${f.knownAfter} được biết sau đó${f.firstKnownAt ? ` (từ ${local(f.firstKnownAt)}${f.lastKnownAt && f.lastKnownAt !== f.firstKnownAt ? ` đến ${local(f.lastKnownAt)}` : ''})` : ''}, ${f.occurredAfter} xảy ra sau đó`,
        en: `${f.count} events of plan ${f.planId} do not count at ${local(d.asOf)}: ${f.knownAfter} known later${f.firstKnownAt ? ` (from ${local(f.firstKnownAt)}${f.lastKnownAt && f.lastKnownAt !== f.firstKnownAt ? ` to ${local(f.lastKnownAt)}` : ''})` : ''}, ${f.occurredAfter} occurred later`,
      };
    case 'EVENTS_AFTER_POSITION':
      return {
        vi: `${f.count} sự kiện của kế hoạch ${f.planId} nằm sau vị trí ${d.position} (mô hình đọc chưa cập nhật, hoặc hỏi tại vị trí cũ hơn)`,
        en: `${f.count} events of plan ${f.planId} lie after position ${d.position} (the read models are behind, or an earlier position was asked for)`,
      };
    case 'NO_UNITS':
      return {
        vi: `Kế hoạch ${f.planId} được tính, nhưng chưa đơn vị nào được giao nhiệm vụ tại ${local(d.asOf)}`,
        en: `Plan ${f.planId} counts, but no unit holds an assignment in it at ${local(d.asOf)}`,
      };
    default: {
      const unknown: never = f;
      throw new TypeError(`unknown finding ${JSON.stringify(unknown)}`);
    }
  }
}

/** Everything a surface says beside a ranking, in order. */
export function rankingNotes(context: RankingInContext): Note[] {
  return [...instantNote(context), tiesNote(context), ...publicationNotes(context), ...findingNotes(context.diagnosis)];
}
