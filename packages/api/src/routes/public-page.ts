import type { SigningKeysAnswer } from '../answers/checkpoints.ts';
import type { PublicPublicationDetail, PublicYear } from '../answers/public.ts';

const html = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const number = (n: number | null) => (n === null ? '—' : n.toFixed(2).replace('.', ','));

function publication(p: PublicPublicationDetail): string {
  const cp = p.checkpoint;
  const rows = p.rows
    .map(
      (r) =>
        `<tr><td>${r.rank ?? '—'}</td><td>${html(r.unitName ?? r.unitId)} <code>${html(r.unitId)}</code></td><td class="n">${number(r.score)}</td><td>${html(r.band ?? 'Chưa xếp hạng / unranked')}</td></tr>`,
    )
    .join('\n');
  return `<section>
<h3>Kế hoạch / plan ${html(p.planId ?? String(p.year))}${p.provisional ? ' — <strong>TẠM TÍNH / PROVISIONAL</strong>' : ''}</h3>
<p>Tính đến / as of <b>${p.asOfLocal}</b> (giờ Việt Nam / Vietnam time) · công bố (sổ cái ghi nhận) / published (recorded by the ledger) <b>${p.recordedLocal}</b> (giờ Việt Nam / Vietnam time) · vị trí sự kiện / event position ${p.position} · bộ quy tắc / rulebook ${html(p.rulebook.id)} v${p.rulebook.version}</p>
<table><thead><tr><th>Hạng / rank</th><th>Đơn vị / unit</th><th>Điểm / score</th><th>Xếp loại / band</th></tr></thead>
<tbody>
${rows}
</tbody></table>
<p>Sự kiện / event <code>${p.eventId}</code>, băm / hash <code>${p.event.hash}</code>.
${
  cp
    ? `Mốc kiểm chứng có chữ ký bao gồm nó / signed checkpoint covering it: cỡ cây / tree size ${cp.treeSize}, gốc / root <code>${cp.root}</code>, lập lúc / taken at ${cp.takenLocal} (giờ Việt Nam / Vietnam time).`
    : 'Chưa có mốc kiểm chứng bao gồm nó / no signed checkpoint covers it yet.'
}
<a href="/public/v1/rankings/${p.year}">JSON: dữ liệu, bằng chứng bao hàm, mốc / data, inclusion proof, checkpoint</a></p>
</section>`;
}

/** The transparency page: every year's publications, newest first within a year, and how to check them. */
export function publicPage(years: readonly PublicYear[], keys: SigningKeysAnswer): string {
  const body = years.length
    ? years
        .map((y) => `<h2>Năm / year ${y.year}</h2>\n${[...y.publications].reverse().map(publication).join('\n')}`)
        .join('\n')
    : '<p>Chưa có xếp hạng nào được công bố. — No ranking has been published yet.</p>';
  const steps = years[0]?.howToVerify ?? [];
  return `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Công khai kết quả xếp hạng CCHC — CCHC ranking transparency</title>
<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:1rem auto;padding:0 1rem;line-height:1.4}
table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:left}.n{text-align:right}
code{font-size:.85em;word-break:break-all}</style></head>
<body>
<h1>Công khai kết quả xếp hạng cải cách hành chính</h1>
<p lang="en">Administrative-reform (CCHC) ranking transparency: only published rankings, each with the signed checkpoint that covers it.</p>
${body}
<h2>Cách kiểm chứng / how to verify</h2>
<ol>${steps.map((s) => `<li>${html(s.vi)}<br><span lang="en">${html(s.en)}</span></li>`).join('')}</ol>
<p>Khóa công khai ký mốc (Ed25519) / checkpoint signing public key: <code>${keys.current}</code>${
    keys.retired.length
      ? `; khóa đã thay / retired keys: ${keys.retired.map((k) => `<code>${k.publicKey}</code> (${k.retiredLocal}, giờ Việt Nam / Vietnam time)`).join(', ')}`
      : ''
  }. JSON: <a href="/public/v1/rankings">/public/v1/rankings</a>, <a href="/public/v1/signing-keys">/public/v1/signing-keys</a>.</p>
</body></html>
`;
}
