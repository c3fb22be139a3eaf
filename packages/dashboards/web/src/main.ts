import './style.css';
import type { PlanList, PlanSummary } from '@cchc/api';
import { endOfLocalDay, isLocalDate, localYearOf } from '@cchc/core/time';
import { ApiError, forgetKey, getJson, storedKey, storeKey } from './api.ts';
import { dropMounted, type Page, type PageContext, runMounted } from './context.ts';
import { h, notice } from './dom.ts';
import { lang, setLang, type TextKey, t } from './i18n.ts';
import { departmentIndexPage } from './pages/department-index.ts';
import { explanationPage } from './pages/explanation.ts';
import { overviewPage } from './pages/overview.ts';
import { rankingPage } from './pages/ranking.ts';
import { reportsPage } from './pages/reports.ts';
import { taskBoardPage } from './pages/task-board.ts';
import { taskTimelinePage } from './pages/task-timeline.ts';
import { unitsPage } from './pages/units.ts';
import { workPage } from './pages/work.ts';

interface Route {
  readonly path: string;
  readonly label: TextKey;
  readonly page: Page;
  readonly inNav: boolean;
}

const ROUTES: readonly Route[] = [
  { path: 'overview', label: 'overview', page: overviewPage, inNav: true },
  { path: 'ranking', label: 'ranking', page: rankingPage, inNav: true },
  { path: 'explain', label: 'explanation', page: explanationPage, inNav: true },
  { path: 'tasks', label: 'tasks', page: taskBoardPage, inNav: true },
  { path: 'task', label: 'timeline', page: taskTimelinePage, inNav: false },
  { path: 'units', label: 'units', page: unitsPage, inNav: true },
  { path: 'reports', label: 'reports', page: reportsPage, inNav: true },
  { path: 'work', label: 'work', page: workPage, inNav: true },
  { path: 'index', label: 'departmentIndex', page: departmentIndexPage, inNav: true },
];

const app = document.getElementById('app')!;
let plan: PlanSummary | null = null;
/** Bumped on every render so an older, slower render never overwrites a newer one. */
let renderId = 0;

function parseHash(): { route: Route; params: string[]; query: URLSearchParams } {
  const [path = '', qs = ''] = location.hash.replace(/^#\/?/, '').split('?');
  const [head = 'overview', ...params] = path.split('/').map(decodeURIComponent);
  const route = ROUTES.find((r) => r.path === head) ?? ROUTES[0]!;
  return { route, params, query: new URLSearchParams(qs) };
}

function asOfDate(): string {
  const stored = sessionStorage.getItem('cchc.asOf');
  return stored && isLocalDate(stored) ? stored : `${plan?.year ?? localYearOf(new Date())}-12-15`;
}

function header(current: Route): HTMLElement {
  const asOf = h('input', {
    id: 'as-of',
    type: 'date',
    value: asOfDate(),
    'aria-describedby': 'as-of-help',
    min: plan ? `${plan.year}-01-01` : null,
    max: plan ? `${plan.year}-12-31` : null,
  });
  asOf.addEventListener('change', () => {
    if (!isLocalDate(asOf.value)) return;
    sessionStorage.setItem('cchc.asOf', asOf.value);
    void render();
  });
  const nav = h(
    'nav',
    { 'aria-label': t('appTitle') },
    h(
      'ul',
      {},
      ...ROUTES.filter((r) => r.inNav).map((r) =>
        h(
          'li',
          {},
          h(
            'a',
            {
              href: `#/${r.path}`,
              'aria-current': r === current || (current.path === 'task' && r.path === 'tasks') ? 'page' : null,
            },
            t(r.label),
          ),
        ),
      ),
    ),
  );
  return h(
    'header',
    { class: 'top' },
    h(
      'div',
      { class: 'brand' },
      h('strong', {}, t('appTitle')),
      plan ? h('span', { class: 'plan-title' }, ` · ${plan.title}`) : null,
    ),
    nav,
    h(
      'div',
      { class: 'controls' },
      // The date belongs to a plan: without a key no plan is known yet, so there is none to pick.
      plan ? h('label', { for: 'as-of' }, t('asOf')) : null,
      plan ? asOf : null,
      plan ? h('span', { id: 'as-of-help', class: 'visually-hidden' }, t('asOfHelp')) : null,
      h(
        'button',
        {
          type: 'button',
          id: 'lang-toggle',
          class: 'secondary',
          'aria-label': t('languageLabel'),
          onclick: () => {
            setLang(lang() === 'vi' ? 'en' : 'vi');
            void render();
          },
        },
        t('language'),
      ),
      storedKey()
        ? h(
            'button',
            {
              type: 'button',
              class: 'secondary',
              onclick: () => {
                forgetKey();
                void render();
              },
            },
            t('forgetKey'),
          )
        : null,
    ),
  );
}

function keyForm(message?: string): HTMLElement {
  const input = h('input', { id: 'api-key', type: 'password', autocomplete: 'off', required: true, size: 60 });
  const form = h(
    'form',
    { class: 'key-form' },
    h('h1', {}, t('keyTitle')),
    message ? notice('error', message) : null,
    h('p', {}, t('keyExplain')),
    h('p', {}, t('keyHowTo')),
    h('pre', {}, 'pnpm cchc keys create --role analyst'),
    h('label', { for: 'api-key' }, t('keyLabel')),
    h('div', { class: 'row' }, input, h('button', { type: 'submit' }, t('keySubmit'))),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void (async () => {
      try {
        await getJson('/v1/plans', {}, input.value.trim());
        storeKey(input.value);
        await render();
      } catch (error) {
        app.replaceChildren(
          header(parseHash().route),
          h('main', { id: 'main', tabindex: -1 }, keyForm(`${t('keyRejected')}: ${(error as Error).message}`)),
        );
      }
    })();
  });
  return form;
}

async function render(): Promise<void> {
  const id = ++renderId;
  document.documentElement.lang = lang();
  const { route, params, query } = parseHash();
  const main = h('main', { id: 'main', tabindex: -1 }, h('p', { class: 'loading', role: 'status' }, t('loading')));
  if (!storedKey()) {
    app.replaceChildren(header(route), h('main', { id: 'main', tabindex: -1 }, keyForm()));
    return;
  }
  try {
    if (!plan) {
      const plans = await getJson<PlanList>('/v1/plans');
      plan = plans.items.at(-1) ?? null;
    }
    app.replaceChildren(header(route), main);
    if (!plan) {
      main.replaceChildren(notice('info', t('noPlan')));
      return;
    }
    const date = asOfDate();
    const ctx: PageContext = { plan, asOfDate: date, asOf: endOfLocalDay(date), params, query };
    dropMounted();
    const content = await route.page(ctx);
    if (id !== renderId) return;
    main.replaceChildren(content);
    runMounted();
    document.title = `${t(route.label)} — ${t('appTitle')}`;
    main.setAttribute('data-ready', 'true');
  } catch (error) {
    if (id !== renderId) return;
    if (error instanceof ApiError && error.status === 401) {
      forgetKey();
      app.replaceChildren(header(route), h('main', { id: 'main', tabindex: -1 }, keyForm(error.message)));
      return;
    }
    main.replaceChildren(notice('error', `${t('error')}: ${(error as Error).message}`));
    main.setAttribute('data-ready', 'error');
  }
}

let lastPath = '';
window.addEventListener('hashchange', () => {
  const path = location.hash.split('?')[0] ?? '';
  void render().then(() => {
    // A new page (not a filter change) takes the focus to its content, for keyboard and screen readers.
    if (path !== lastPath) document.getElementById('main')?.focus();
    lastPath = path;
  });
});
void render();
