import { endOfLocalDay, localDateOf, localDaysBetween } from '@cchc/core/time';
import { ApiError, postJson } from './api.ts';
import { h } from './dom.ts';
import { lang, type TextKey, t } from './i18n.ts';

/** Older than this many days, an entry must say which kind of date it is (the engine's rule: 3). */
const LATE_AFTER_DAYS = 3;

export interface Field {
  readonly name: string;
  readonly label: TextKey;
  readonly kind?: 'text' | 'number' | 'date' | 'textarea' | 'select' | 'file';
  readonly required?: boolean;
  readonly options?: readonly { readonly value: string; readonly label: string }[];
  readonly value?: string;
  readonly min?: number;
  readonly max?: number;
}

export interface CommandFormOptions {
  readonly id: string;
  readonly title: string;
  readonly fields: readonly Field[];
  readonly submit: TextKey;
  /** Where it is sent; from the values when the form names its task. */
  readonly path: string | ((values: Readonly<Record<string, string>>) => string);
  /** The command body from the fields' values (the entry date and kind are added). */
  readonly body: (values: Readonly<Record<string, string>>) => Record<string, unknown>;
  /** Runs before the command, e.g. an upload whose hash the command carries; may add values. */
  readonly before?: (form: HTMLFormElement, values: Record<string, string>) => Promise<void>;
  /** After an accepted command (e.g. re-render the page). */
  readonly done?: () => void;
  /** When the action did happen, asked only for commands that record something done. */
  readonly dated?: boolean;
}

type CommandAnswer = { events: { type: string; globalPosition: number }[] };

/**
 * A form that sends one command through the API. Its Idempotency-Key is made when the form is
 * and kept until the server has answered for good (accepted, or refused by a rule): a double
 * click, or a retry after a lost answer, records one command. A refusal shows the rule's message.
 */
export function commandForm(o: CommandFormOptions): HTMLFormElement {
  let key = crypto.randomUUID();
  const status = h('p', { class: 'form-status', role: 'status', 'aria-live': 'polite' });
  const button = h('button', { type: 'submit' }, t(o.submit));
  const today = localDateOf(new Date());
  const date = h('input', { type: 'date', name: '__date', id: `${o.id}--entry-date`, value: today, max: today });
  const kind = h(
    'select',
    { name: '__kind', id: `${o.id}--entry-kind` },
    h('option', { value: 'late' }, t('entryLate')),
    h('option', { value: 'backfill' }, t('entryBackfill')),
  );
  const reason = h('input', { type: 'text', name: '__reason', id: `${o.id}--entry-reason`, maxlength: 2000 });
  const lateBox = h(
    'div',
    { class: 'late-entry', hidden: true },
    h('p', { class: 'hint' }, t('entryWhich')),
    labelled(`${o.id}--entry-kind`, t('entryKind'), kind),
    labelled(`${o.id}--entry-reason`, t('entryReason'), reason),
  );
  const refreshLate = () => {
    const old = date.value !== '' && localDaysBetween(endOfLocalDay(date.value), new Date()) > LATE_AFTER_DAYS;
    lateBox.hidden = !old;
    reason.required = old;
  };
  date.addEventListener('change', refreshLate);
  const form = h(
    'form',
    { class: 'command-form', id: o.id, 'aria-label': o.title },
    h('h3', {}, o.title),
    ...o.fields.map((f) => fieldOf(o.id, f)),
    o.dated === false ? null : labelled(`${o.id}--entry-date`, t('entryDate'), date),
    o.dated === false ? null : lateBox,
    h('div', { class: 'row' }, button),
    status,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (button.disabled) return;
    button.disabled = true;
    status.className = 'form-status';
    status.textContent = t('sending');
    void (async () => {
      const values: Record<string, string> = {};
      for (const [name, value] of new FormData(form)) if (typeof value === 'string') values[name] = value.trim();
      try {
        await o.before?.(form, values);
        const body = { ...o.body(values), ...entryOf(values, today) };
        const path = typeof o.path === 'string' ? o.path : o.path(values);
        const answer = await postJson<CommandAnswer>(path, body, key);
        key = crypto.randomUUID();
        status.className = 'form-status ok';
        status.textContent = `✓ ${t('recorded')}: ${answer.events.map((e) => `${e.type} @${e.globalPosition}`).join(', ') || t('nothingNew')}`;
        form.setAttribute('data-done', 'true');
        o.done?.();
      } catch (error) {
        // A definitive refusal frees the key; a lost answer or a server fault keeps it, for the retry.
        if (error instanceof ApiError && error.status < 500) key = crypto.randomUUID();
        status.className = 'form-status error';
        status.setAttribute('role', 'alert');
        status.textContent = messageOf(error);
      } finally {
        button.disabled = false;
      }
    })();
  });
  return form;
}

function entryOf(values: Readonly<Record<string, string>>, today: string): Record<string, unknown> {
  const day = values.__date;
  if (!day || day === today) return {};
  const at = endOfLocalDay(day);
  if (localDaysBetween(at, new Date()) <= LATE_AFTER_DAYS) return { at };
  const reason = values.__reason ?? '';
  return {
    at,
    entry: values.__kind === 'backfill' ? { kind: 'backfill', reason, knownAt: at } : { kind: 'late', reason },
  };
}

function messageOf(error: unknown): string {
  if (error instanceof ApiError && error.problem) {
    const p = error.problem;
    const text = lang() === 'en' ? (p.en ?? p.detail) : (p.vi ?? p.title);
    return `✗ ${text ?? error.message}`;
  }
  return `✗ ${(error as Error).message}`;
}

function labelled(id: string, label: string, control: HTMLElement): HTMLElement {
  return h('div', { class: 'field' }, h('label', { for: id }, label), control);
}

function fieldOf(formId: string, f: Field): HTMLElement {
  const id = `${formId}-${f.name}`;
  const common = { id, name: f.name, required: f.required ?? false };
  let control: HTMLElement;
  switch (f.kind) {
    case 'textarea':
      control = h('textarea', { ...common, rows: 2, maxlength: 2000 }, f.value ?? '');
      break;
    case 'select':
      control = h(
        'select',
        common,
        ...(f.options ?? []).map((option) =>
          h('option', { value: option.value, selected: option.value === f.value }, option.label),
        ),
      );
      break;
    case 'file':
      control = h('input', { ...common, type: 'file' });
      break;
    default:
      control = h('input', {
        ...common,
        type: f.kind ?? 'text',
        value: f.value ?? '',
        min: f.min ?? null,
        max: f.max ?? null,
      });
  }
  return labelled(id, t(f.label), control);
}
