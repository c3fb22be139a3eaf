import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import type { PackFiles } from '@cchc/projections';
import { unzipSync, zipSync } from 'fflate';

/** An evidence pack's files from its folder or its .zip (a zip made of the folder, or with one folder at its top). */
export function readPackFiles(path: string): Map<string, Uint8Array<ArrayBuffer>> {
  const files = new Map<string, Uint8Array<ArrayBuffer>>();
  if (statSync(path).isDirectory()) {
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const full = join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else files.set(relative(path, full).split(sep).join('/'), new Uint8Array(readFileSync(full)));
      }
    };
    walk(path);
    return files;
  }
  const entries = Object.entries(unzipSync(new Uint8Array(readFileSync(path)))).filter(([name]) => !name.endsWith('/'));
  const top = commonTopFolder(entries.map(([name]) => name));
  for (const [name, bytes] of entries) files.set(name.slice(top.length), new Uint8Array(bytes));
  return files;
}

/** `pack/` when every entry is under one folder holding the manifest, else ''. */
export function commonTopFolder(names: readonly string[]): string {
  const first = names[0]?.split('/')[0];
  if (first === undefined || names.some((n) => !n.startsWith(`${first}/`))) return '';
  return names.includes(`${first}/manifest.json`) ? `${first}/` : '';
}

/** Writes the pack as a folder, or as a zip when `out` ends with .zip. */
export function writePackFiles(files: PackFiles, out: string): void {
  if (out.toLowerCase().endsWith('.zip')) {
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, zipSync(Object.fromEntries(files), { level: 6 }));
    return;
  }
  for (const [path, bytes] of files) {
    const full = join(out, ...path.split('/'));
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, bytes);
  }
}
