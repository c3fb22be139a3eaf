import { type Checkpoint, checkpointSchema } from '@cchc/core/browser';
import { localDateTimeOf } from '@cchc/core/time';
import { type PackCheck, type PackVerification, type Rulebook, verifyPack } from '@cchc/projections/evidence-pack';
import { unzipSync } from 'fflate';

/**
 * verifier.html (issue 16): checks an evidence pack in the browser, offline, with the very code
 * `cchc evidence-pack verify` runs (@cchc/projections/evidence-pack), bundled into the page by
 * esbuild. The inspector gives it the pack folder or zip (file inputs, or drop); nothing is fetched.
 */

type Files = Map<string, Uint8Array<ArrayBuffer>>;

const $ = <T extends HTMLElement>(selector: string): T => {
  const el = document.querySelector<T>(selector);
  if (!el) throw new Error(`no ${selector}`);
  return el;
};

const HEX64 = /^[0-9a-f]{64}$/;

/** A pack path from a chosen file: its path under the chosen folder, or evidence/<hash> for a bare evidence file. */
function packPath(file: File): string {
  const relative = file.webkitRelativePath;
  if (relative) return relative.split('/').slice(1).join('/');
  return HEX64.test(file.name) ? `evidence/${file.name}` : file.name;
}

const bytesOf = async (file: File) => new Uint8Array(await file.arrayBuffer());

async function filesOf(list: readonly File[]): Promise<Files> {
  const files: Files = new Map();
  if (list.length === 1 && list[0]!.name.toLowerCase().endsWith('.zip')) {
    const entries = Object.entries(unzipSync(await bytesOf(list[0]!))).filter(([name]) => !name.endsWith('/'));
    const first = entries[0]?.[0].split('/')[0];
    const nested =
      first !== undefined &&
      entries.every(([name]) => name.startsWith(`${first}/`)) &&
      entries.some(([name]) => name === `${first}/manifest.json`);
    for (const [name, bytes] of entries) files.set(nested ? name.slice(first.length + 1) : name, new Uint8Array(bytes));
    return files;
  }
  for (const file of list) files.set(packPath(file), await bytesOf(file));
  return files;
}

/** Every file of a dropped folder, with its path under it. */
async function droppedFiles(items: DataTransferItemList): Promise<File[]> {
  const out: File[] = [];
  const walk = async (entry: FileSystemEntry, path: string): Promise<void> => {
    if (entry.isFile) {
      const file = await new Promise<File>((ok, fail) => (entry as FileSystemFileEntry).file(ok, fail));
      out.push(path ? new File([file], file.name, { type: file.type }) : file);
      Object.defineProperty(out[out.length - 1], 'webkitRelativePath', { value: path ? `${path}/${file.name}` : '' });
      return;
    }
    const reader = (entry as FileSystemDirectoryEntry).createReader();
    for (;;) {
      const batch = await new Promise<FileSystemEntry[]>((ok, fail) => reader.readEntries(ok, fail));
      if (batch.length === 0) break;
      for (const child of batch) await walk(child, path ? `${path}/${entry.name}` : entry.name);
    }
  };
  const entries = [...items].map((i) => i.webkitGetAsEntry()).filter((e): e is FileSystemEntry => e !== null);
  for (const entry of entries) await walk(entry, '');
  return out;
}

/**
 * The pack's rulebook as the scorer reads it. The page cannot load the shipped calendars that full
 * validation resolves (the CLI check validates it with parseRulebook); the signed manifest and the
 * ranking's rulebook id and version bind it, and a malformed one fails the score check.
 */
function readRulebook(json: unknown): Rulebook {
  const fields = ['id', 'version', 'components', 'areaWeights', 'assignment', 'reports', 'bonus', 'bands', 'cutoff'];
  if (typeof json !== 'object' || json === null || fields.some((f) => !(f in json)))
    throw new Error(
      `thiếu trường / missing fields: ${fields.filter((f) => !(json && typeof json === 'object' && f in json)).join(', ')}`,
    );
  return json as Rulebook;
}

const STATE_TEXT: Record<PackCheck['state'], string> = {
  pass: 'ĐẠT — PASS',
  fail: 'KHÔNG ĐẠT — FAIL',
  note: 'LƯU Ý — NOTE',
};

function cell(text: string, className?: string): HTMLTableCellElement {
  const td = document.createElement('td');
  td.textContent = text;
  if (className) td.className = className;
  return td;
}

function render(result: PackVerification): void {
  const main = $('main');
  const summary = $('#summary');
  const failed = result.checks.filter((c) => c.state === 'fail');
  main.dataset.state = result.ok ? 'pass' : 'fail';
  summary.className = result.ok ? 'pass' : 'fail';
  const m = result.manifest;
  const scope = m
    ? `Năm/year ${m.scope.year}, kế hoạch/plan ${m.scope.planId}, ${m.scope.unitId ? `đơn vị/unit ${m.scope.unitId}` : 'mọi đơn vị/every unit'}; mốc/checkpoint: cỡ/size ${m.checkpoint.treeSize}, lập lúc/taken ${localDateTimeOf(m.checkpoint.takenAt)} (giờ VN/Vietnam time), gói lập lúc/pack made ${localDateTimeOf(m.createdAt)} (giờ VN/Vietnam time)`
    : '';
  summary.textContent = result.ok
    ? `✓ GÓI HỢP LỆ — THE PACK HOLDS. ${scope}`
    : `✗ GÓI KHÔNG HỢP LỆ: ${failed.length} phép kiểm tra không đạt — THE PACK FAILS: ${failed.length} checks failed. ${scope}`;
  const body = $('#checks tbody');
  body.replaceChildren(
    ...result.checks.map((c) => {
      const tr = document.createElement('tr');
      tr.className = c.state;
      tr.dataset.kind = c.kind;
      tr.append(cell(STATE_TEXT[c.state], 'state'), cell(c.kind), cell(c.subject, 'subject'), cell(c.vi), cell(c.en));
      return tr;
    }),
  );
  main.dataset.ready = 'true';
}

/** The checkpoints the inspector kept, from the kept-checkpoints input (each file one checkpoint JSON). */
async function keptCheckpoints(): Promise<Checkpoint[]> {
  const input = $<HTMLInputElement>('#kept-checkpoints');
  const out: Checkpoint[] = [];
  for (const file of input.files ?? []) {
    const parsed = checkpointSchema.safeParse(JSON.parse(await file.text()));
    if (!parsed.success) throw new Error(`${file.name}: không phải mốc kiểm chứng — not a checkpoint`);
    out.push(parsed.data);
  }
  return out;
}

async function check(list: readonly File[]): Promise<void> {
  const main = $('main');
  delete main.dataset.ready;
  $('#summary').textContent = 'Đang kiểm tra… — checking…';
  try {
    const files = await filesOf(list);
    const trusted = $<HTMLTextAreaElement>('#trusted-key').value.trim();
    const kept = await keptCheckpoints();
    render(
      await verifyPack(files, { readRulebook, keptCheckpoints: kept, ...(trusted ? { trustedKey: trusted } : {}) }),
    );
  } catch (error) {
    main.dataset.state = 'fail';
    $('#summary').className = 'fail';
    $('#summary').textContent =
      `✗ Không đọc được gói — cannot read the pack: ${error instanceof Error ? error.message : String(error)}`;
    main.dataset.ready = 'true';
  }
}

function start(): void {
  for (const id of ['#pack-folder', '#pack-file'])
    $<HTMLInputElement>(id).addEventListener('change', (event) => {
      const input = event.target as HTMLInputElement;
      if (input.files && input.files.length > 0) void check([...input.files]);
    });
  const zone = $('#drop');
  zone.addEventListener('dragover', (event) => {
    event.preventDefault();
    zone.classList.add('over');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', (event) => {
    event.preventDefault();
    zone.classList.remove('over');
    if (event.dataTransfer) void droppedFiles(event.dataTransfer.items).then(check);
  });
  $('main').dataset.loaded = 'true';
}

start();
