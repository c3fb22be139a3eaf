import { createHash } from 'node:crypto';
import { chmodSync, existsSync, realpathSync, unlinkSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CchcError } from '@cchc/core';
import type { BackupManifest } from './backup.ts';

/**
 * The running server's door for operators on the same machine: a Unix socket in the data
 * directory (`cchc.sock`, mode 0600; under the system's temporary directory when the path would be
 * too long for a socket). Whoever may read the data directory may use it, as they may read the
 * key file beside it: no API key is involved. `cchc backup` uses it while a server holds the store.
 */
export function controlSocketPath(dataDir: string): string {
  const beside = join(resolve(dataDir), 'cchc.sock');
  if (Buffer.byteLength(beside) <= 100) return beside;
  let real = resolve(dataDir);
  try {
    real = realpathSync(dataDir);
  } catch {
    // Not created yet: the resolved path names it.
  }
  return join(tmpdir(), `cchc-${createHash('sha256').update(real).digest('hex').slice(0, 16)}.sock`);
}

export interface ControlHandlers {
  backup(out: string): Promise<BackupManifest>;
}

/** A refusal sent over the socket, rebuilt on the other side with both texts and the code. */
export class ControlError extends CchcError {
  constructor(
    readonly code: string,
    vi: string,
    en: string,
  ) {
    super(vi, en);
  }
}

export async function listenControl(path: string, handlers: ControlHandlers): Promise<{ close(): Promise<void> }> {
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
      if (body.length > 64 * 1024) req.destroy();
    });
    req.on('end', () => {
      const answer = (status: number, value: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
      };
      void (async () => {
        try {
          if (req.method !== 'POST' || req.url !== '/backup')
            return answer(404, { code: 'NOT_FOUND', vi: 'không có', en: 'no such operation' });
          const { out } = JSON.parse(body) as { out?: unknown };
          if (typeof out !== 'string' || out.length === 0)
            return answer(400, { code: 'VALIDATION_FAILED', vi: 'thiếu out', en: 'out is missing' });
          answer(200, await handlers.backup(out));
        } catch (error) {
          const e = error as Partial<CchcError> & Error;
          answer(500, { code: e.code ?? 'INTERNAL', vi: e.vi ?? e.message, en: e.en ?? e.message });
        }
      })();
    });
  });
  await listenReplacingStale(server, path);
  chmodSync(path, 0o600);
  return {
    close: () =>
      new Promise<void>((done) => {
        server.close(() => {
          if (existsSync(path)) unlinkSync(path);
          done();
        });
        server.closeAllConnections();
      }),
  };
}

/** A socket file left by a killed server answers nobody: remove it and listen again. */
async function listenReplacingStale(server: Server, path: string): Promise<void> {
  const listen = () =>
    new Promise<void>((done, fail) => {
      server.once('error', fail);
      server.listen(path, () => {
        server.off('error', fail);
        done();
      });
    });
  try {
    await listen();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || (await isAnswering(path))) throw error;
    unlinkSync(path);
    await listen();
  }
}

function isAnswering(path: string): Promise<boolean> {
  return new Promise((done) => {
    const req = httpRequest({ socketPath: path, method: 'GET', path: '/' }, (res) => {
      res.resume();
      done(true);
    });
    req.on('error', () => done(false));
    req.end();
  });
}

/** Asks the server on this data directory to make a backup; undefined when no server listens. */
export function askServerForBackup(dataDir: string, out: string): Promise<BackupManifest | undefined> {
  const socketPath = controlSocketPath(dataDir);
  if (!existsSync(socketPath)) return Promise.resolve(undefined);
  return new Promise((done, fail) => {
    const req = httpRequest(
      { socketPath, method: 'POST', path: '/backup', headers: { 'content-type': 'application/json' } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          try {
            const value = JSON.parse(text) as BackupManifest & { code?: string; vi?: string; en?: string };
            if (res.statusCode === 200) done(value);
            else fail(new ControlError(value.code ?? 'INTERNAL', value.vi ?? text, value.en ?? text));
          } catch (error) {
            fail(error);
          }
        });
      },
    );
    req.on('error', (error: NodeJS.ErrnoException) =>
      error.code === 'ECONNREFUSED' || error.code === 'ENOENT' ? done(undefined) : fail(error),
    );
    req.end(JSON.stringify({ out: resolve(out) }));
  });
}
