import type {
  CriteriaSetAnswer,
  DepartmentIndexAnswer,
  DepartmentRankingAnswer,
  EvidenceRecordAnswer,
  IndexDossierList,
} from '@cchc/api';
import { getBlob, getJson } from '../api.ts';
import { hashOf, type PageContext } from '../context.ts';
import { dataTable, h, localTime, notice, num, save } from '../dom.ts';
import { bandLabel, t } from '../i18n.ts';
import { missingList, missingOf, requestsTable, stepsOf, stepsTable } from './department-index-steps.ts';
import { criteriaTreeTable, type EvidenceNames, treeRows } from './department-index-tree.ts';

/** How a department office starts (the CLI; the API's POST routes take the same fields). */
const HOW_TO_START = [
  'cchc evidence add bien-ban-kiem-tra.pdf',
  'cchc index self-score <so> 1.3 --value 1.5 --evidence-file <sha256>',
  'cchc index submit <so>',
].join('\n');

function card(label: string, value: string, id: string, data: number): HTMLElement {
  return h(
    'div',
    { class: 'card', id, 'data-value': data },
    h('span', { class: 'card-value' }, value),
    h('span', { class: 'card-label' }, label),
  );
}

/** A department picker: the dossiers of the year, or any id typed in. */
function picker(list: IndexDossierList, current: string | undefined): HTMLElement {
  const input = h('input', {
    id: 'index-department',
    name: 'department',
    value: current ?? '',
    list: 'index-departments',
    required: true,
    pattern: '[A-Za-z0-9][A-Za-z0-9._-]*',
    size: 20,
  });
  const form = h(
    'form',
    { class: 'filters', id: 'index-pick' },
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'index-department' }, t('departmentIdLabel')),
      input,
      h('datalist', { id: 'index-departments' }, ...list.items.map((d) => h('option', { value: d.departmentId }))),
    ),
    h('button', { type: 'submit' }, t('openDepartment')),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    location.hash = hashOf(`index/${encodeURIComponent(input.value.trim())}`);
  });
  return form;
}

async function evidenceNames(index: DepartmentIndexAnswer): Promise<EvidenceNames> {
  const hashes = new Set([
    ...index.leaves.flatMap((l) => l.evidenceFiles),
    ...index.status.requests.flatMap((r) => r.answer?.evidenceFiles ?? []),
  ]);
  const records = await Promise.all(
    [...hashes].map(async (sha): Promise<[string, EvidenceRecordAnswer | null]> => {
      try {
        return [sha, await getJson<EvidenceRecordAnswer>(`/v1/evidence/${sha}/record`)];
      } catch {
        return [sha, null];
      }
    }),
  );
  return new Map(records);
}

/** The ranking of the departments holding a dossier, marked provisional until every one is published. */
async function rankingSection(ctx: PageContext, list: IndexDossierList, asOf: string): Promise<HTMLElement> {
  const published = new Set(list.items.filter((d) => d.published).map((d) => d.departmentId));
  let ranking: DepartmentRankingAnswer;
  try {
    ranking = await getJson<DepartmentRankingAnswer>(`/v1/index/${ctx.plan.year}/ranking`, {
      departments: list.items.map((d) => d.departmentId).join(','),
      asOf,
    });
  } catch (error) {
    return notice('error', `${t('rankingUnavailable')}: ${(error as Error).message}`);
  }
  const all = ranking.rows.every((r) => published.has(r.departmentId));
  return h(
    'div',
    { id: 'index-ranking-block' },
    h(
      'p',
      {
        class: `badge ${all ? 'published' : 'provisional'}`,
        id: 'index-ranking-state',
        'data-all-published': String(all),
      },
      all ? t('rankingAllPublished') : t('rankingProvisional'),
    ),
    dataTable({
      id: 'index-ranking',
      caption: `${t('departmentsRanking')} — ${ranking.criteriaSet.id}@${ranking.criteriaSet.version} — ${localTime(ranking.asOf)}`,
      rows: ranking.rows,
      rowAttrs: (r) => ({ 'data-department': r.departmentId, 'data-rank': r.rank, 'data-rounded': r.rounded }),
      columns: [
        { header: t('rank'), cell: (r) => String(r.rank), numeric: true },
        {
          header: t('department'),
          cell: (r) => h('a', { href: hashOf(`index/${encodeURIComponent(r.departmentId)}`) }, r.departmentId),
          csv: (r) => r.departmentId,
        },
        { header: t('selfTotal'), cell: (r) => num(r.self), csv: (r) => r.self, numeric: true },
        { header: t('appraisedTotal'), cell: (r) => num(r.appraised), csv: (r) => r.appraised, numeric: true },
        { header: t('rounded'), cell: (r) => num(r.rounded, ranking.precision), csv: (r) => r.rounded, numeric: true },
        { header: t('band'), cell: (r) => bandLabel(r.band), csv: (r) => r.band },
        {
          header: t('indexPublished'),
          cell: (r) => (published.has(r.departmentId) ? `✓ ${t('indexPublished')}` : t('indexNotPublished')),
        },
      ],
    }),
  );
}

/**
 * Chỉ số CCHC của Sở: the criteria tree with self, appraised and final points, evidence links,
 * requests for explanation and their answers, what is still missing before each deadline, and the
 * ranking of departments, as known at the page's instant (the header's day, or now with ?at=now:
 * the workflow runs into the next year, past the header's last day).
 */
export async function departmentIndexPage(ctx: PageContext): Promise<Node> {
  const now = ctx.query.get('at') === 'now';
  const asOf = now ? new Date().toISOString() : ctx.asOf;
  const year = ctx.plan.year;
  const list = await getJson<IndexDossierList>(`/v1/index/${year}/departments`, { asOf });
  const departmentId = ctx.params[0] ?? list.items[0]?.departmentId;
  const toggle = h(
    'a',
    {
      id: 'index-at-toggle',
      href: hashOf(departmentId ? `index/${encodeURIComponent(departmentId)}` : 'index', now ? {} : { at: 'now' }),
    },
    now ? `${t('asOf')} ${ctx.asOfDate}` : t('asOfNow'),
  );
  const head = [h('h1', {}, `${t('departmentIndex')} ${year}`), picker(list, departmentId), h('p', {}, toggle)];
  if (!departmentId) {
    return h(
      'div',
      { class: 'page', id: 'index-page', 'data-state': 'no-dossier' },
      ...head,
      h('div', { id: 'index-empty' }, notice('info', t('indexNoDossier')), h('pre', {}, HOW_TO_START)),
    );
  }
  const index = await getJson<DepartmentIndexAnswer>(
    `/v1/index/${year}/departments/${encodeURIComponent(departmentId)}`,
    {
      asOf,
      planId: ctx.plan.planId,
    },
  );
  const [set, names] = await Promise.all([
    getJson<CriteriaSetAnswer>(`/v1/index/criteria-sets/${index.criteriaSet.id}/${index.criteriaSet.version}`),
    evidenceNames(index),
  ]);
  const s = index.status;
  const nothingScored = !index.leaves.some((l) => l.method === 'manual' && l.scored);
  const dossier = h('button', { type: 'button', id: 'download-dossier' }, t('downloadDossier'));
  dossier.addEventListener('click', () => {
    void getBlob(`/v1/index/${year}/departments/${encodeURIComponent(departmentId)}/dossier.xlsx`, {
      asOf: index.asOf,
      planId: index.planId,
    }).then((blob) => save(`ho-so-cham-diem-${departmentId}-${year}.xlsx`, blob));
  });
  const rows = treeRows(set, index);
  return h(
    'div',
    { class: 'page', id: 'index-page', 'data-state': nothingScored ? 'no-self-score' : 'scored' },
    ...head,
    h('h2', {}, `${t('departmentIndexOf')} ${departmentId}`),
    index.criteriaSet.example ? h('p', { class: 'badge warning', id: 'index-example' }, t('exampleSet')) : null,
    h(
      'dl',
      { class: 'facts', id: 'index-facts' },
      h('dt', {}, t('knownAsOf')),
      h('dd', { id: 'index-as-of', 'data-as-of': index.asOf }, localTime(index.asOf)),
      h('dt', {}, t('criteriaSet')),
      h('dd', { id: 'index-set' }, `${index.criteriaSet.id}@${index.criteriaSet.version} — ${index.criteriaSet.title}`),
      h('dt', {}, t('plan')),
      h('dd', {}, `${index.planId} (${t('rulebook')} ${index.rulebook.id} v${index.rulebook.version})`),
      h('dt', {}, t('dossierStatus')),
      h(
        'dd',
        { id: 'index-status', 'data-submitted': String(s.submitted) },
        s.submittedAt
          ? `${t('submittedAt')} ${localTime(s.submittedAt)}${s.submittedLate ? ` — ${t('submittedLateNote')}` : ''}`
          : t('notSubmitted'),
        ' · ',
        s.publication
          ? `${t('indexPublished')} ${num(s.publication.final, index.precision)} ${bandLabel(s.publication.band)} (${t('eventId')} ${s.publication.eventId})`
          : t('indexNotPublished'),
      ),
      h('dt', {}, t('position')),
      h('dd', { id: 'index-position' }, String(index.position)),
      h('dt', {}, t('inputsHash')),
      h('dd', { id: 'index-hash', class: 'mono' }, index.inputsHash),
    ),
    h(
      'div',
      { class: 'cards' },
      card(t('selfTotal'), num(index.self), 'index-self', index.self),
      card(t('appraisedTotal'), num(index.appraised), 'index-appraised', index.appraised),
      card(t('finalTotal'), num(index.final), 'index-final', index.final),
      card(
        t('publishedIndex'),
        `${num(index.published.final, index.precision)} · ${bandLabel(index.published.band)}`,
        'index-published',
        index.published.final,
      ),
    ),
    nothingScored
      ? h(
          'div',
          { id: 'index-empty' },
          notice('info', t('indexNoSelfScore')),
          h('pre', {}, HOW_TO_START.replaceAll('<so>', departmentId)),
        )
      : null,
    h('div', { class: 'actions' }, dossier),
    h('h2', {}, `${t('missingTitle')} (${t('missingAsOf')} ${localTime(index.asOf)})`),
    missingList(missingOf(set, index), index.asOf),
    stepsTable(stepsOf(set, index, ctx.plan), index.asOf),
    h('h2', {}, t('criteriaTree')),
    criteriaTreeTable(rows, names, `${t('criteriaTree')} — ${departmentId} — ${localTime(index.asOf)}`),
    h('h2', {}, t('requestsTitle')),
    requestsTable(s, names),
    h('h2', {}, t('departmentsRanking')),
    list.items.length > 0 ? await rankingSection(ctx, list, index.asOf) : h('p', {}, t('indexNoDossier')),
  );
}
