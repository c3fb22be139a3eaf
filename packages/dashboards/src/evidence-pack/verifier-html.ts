import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'esbuild';

const ENTRY = fileURLToPath(new URL('../../web/src/verifier/verifier-page.ts', import.meta.url));

/** No network at all: scripts and styles only inline, nothing to connect to, no images but data: ones. */
const CSP =
  "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; connect-src 'none'";

const STYLE = `
body { font: 15px/1.45 system-ui, sans-serif; margin: 0; color: #1b1f24; background: #f6f7f9; }
main { max-width: 1200px; margin: 0 auto; padding: 1.5rem; }
h1 { font-size: 1.4rem; margin: 0 0 .25rem; }
.en { color: #57606a; }
#drop { border: 2px dashed #8c959f; border-radius: 8px; padding: 1.25rem; margin: 1rem 0; background: #fff; }
#drop.over { border-color: #0969da; background: #ddf4ff; }
label { display: block; margin: .4rem 0; }
textarea { width: 100%; font: 12px monospace; }
#summary { font-weight: 600; padding: .75rem 1rem; border-radius: 6px; margin: 1rem 0; background: #fff; }
#summary.pass { background: #dafbe1; color: #116329; }
#summary.fail { background: #ffebe9; color: #a40e26; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; background: #fff; font-size: 13px; }
th:nth-child(1) { width: 7rem; } th:nth-child(2) { width: 10rem; } th:nth-child(3) { width: 15rem; }
th, td { border: 1px solid #d0d7de; padding: .35rem .5rem; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
tr.pass .state { color: #116329; font-weight: 600; }
tr.fail { background: #fff5f5; }
tr.fail .state { color: #a40e26; font-weight: 700; }
tr.note .state { color: #9a6700; font-weight: 600; }
.subject { font-family: monospace; word-break: break-all; }
`;

const BODY = `
<main>
  <h1>Kiểm tra gói bằng chứng CCHC <span class="en">— CCHC evidence pack verifier</span></h1>
  <p>Trang này chạy hoàn toàn trên máy của bạn, không kết nối mạng. Chọn thư mục gói (hoặc tệp .zip), hoặc kéo thả vào ô dưới.
  <br><span class="en">This page runs entirely on your machine, with no network. Choose the pack folder (or its .zip), or drop it below.</span></p>
  <label>Khóa công khai được tin cậy (Thanh tra đã nhận) <span class="en">— trusted public key (the one the inspectorate was given)</span>
    <textarea id="trusted-key" rows="2" placeholder="MCowBQYDK2VwAyEA…"></textarea></label>
  <label>Mốc kiểm chứng đoàn đã lưu (không bắt buộc) <span class="en">— checkpoints you kept (optional)</span>: <input id="kept-checkpoints" type="file" accept=".json" multiple></label>
  <div id="drop">
    <label>Thư mục gói <span class="en">— pack folder</span>: <input id="pack-folder" type="file" webkitdirectory multiple></label>
    <label>Tệp .zip của gói, hoặc mọi tệp của gói <span class="en">— the pack's .zip, or all of its files</span>: <input id="pack-file" type="file" multiple></label>
    <p>… hoặc kéo thả thư mục / tệp .zip vào đây <span class="en">— or drop the folder / .zip here</span></p>
  </div>
  <div id="summary">Chưa có gói nào được chọn <span class="en">— no pack chosen yet</span></div>
  <table id="checks">
    <thead><tr><th>Kết quả / result</th><th>Kiểm tra / check</th><th>Đối tượng / subject</th><th>Tiếng Việt</th><th>English</th></tr></thead>
    <tbody></tbody>
  </table>
</main>`;

/** `@cchc/core` (its index, which reaches node:*) resolved to its browser-safe part. */
const coreInTheBrowser: Plugin = {
  name: 'cchc-core-browser',
  setup(build) {
    const path = createRequire(import.meta.url).resolve('@cchc/core/browser');
    build.onResolve({ filter: /^@cchc\/core$/ }, () => ({ path }));
  },
};

let cached: Promise<string> | undefined;

/**
 * verifier.html: one self-contained page, the verifier's code bundled inline by esbuild with
 * `@cchc/core` resolved to its browser-safe part. Built once per process.
 */
export function verifierHtml(): Promise<string> {
  cached ??= build().catch((error: unknown) => {
    cached = undefined;
    throw error;
  });
  return cached;
}

async function build(): Promise<string> {
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    entryPoints: [ENTRY],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    minify: true,
    legalComments: 'none',
    plugins: [coreInTheBrowser],
    logLevel: 'silent',
  });
  const js = result.outputFiles[0]!.text.replaceAll('</script', '<\\/script');
  return `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Kiểm tra gói bằng chứng CCHC — CCHC evidence pack verifier</title>
<style>${STYLE}</style>
</head>
<body>${BODY}
<script>${js}</script>
</body>
</html>
`;
}
