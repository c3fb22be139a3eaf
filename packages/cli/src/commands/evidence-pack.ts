import { existsSync } from 'node:fs';
import { localDateTimeOf } from '@cchc/core';
import { buildEvidencePack, readPackFiles, writePackFiles } from '@cchc/dashboards';
import { type PackCheck, parseRulebook, verifyPack } from '@cchc/projections';
import type { Command } from 'commander';
import { CliError } from '../cli-error.ts';
import { dataDirOf } from '../data-dir.ts';
import { EXIT } from '../exit-codes.ts';
import { withReadModels } from '../open-store.ts';
import { yearOption } from '../option-values.ts';
import { readJsonFile, userPath } from '../read-input.ts';
import { readCheckpoint } from './checkpoint.ts';

interface PackOptions {
  year?: string;
  unit?: string;
  out: string;
  rulebook?: string;
  against?: string[];
}

const MARK: Record<PackCheck['state'], string> = { pass: '✓', fail: '✗', note: 'i' };

/** `cchc evidence-pack` (make one) and `cchc evidence-pack verify` (check one, offline). */
export function registerEvidencePackCommands(program: Command): void {
  const pack = program
    .command('evidence-pack')
    .description(
      'lập gói bằng chứng cho thanh tra: xếp hạng, giải trình, sự kiện kèm bằng chứng Merkle, mốc có chữ ký, tệp kiểm chứng, verifier.html / make an evidence pack for an inspection: ranking, explanation, events with Merkle proofs, a signed checkpoint, evidence files, verifier.html',
    )
    .option('--year <yyyy>', 'năm kế hoạch / plan year')
    .option(
      '--unit <unitId>',
      'đơn vị (mặc định: mọi đơn vị, cả sổ cái) / the unit (default: every unit, the whole log)',
    )
    .option('--out <dir|file.zip>', 'thư mục hoặc tệp .zip để ghi gói / the folder or .zip to write')
    .option(
      '--rulebook <file>',
      'bộ quy tắc xếp hạng đã dùng, nếu không phải bộ mặc định của năm / the rulebook the ranking used, when not the year’s default',
    )
    .option(
      '--against <checkpoint...>',
      'mốc trước (của thanh tra) để gói chứng minh sổ cái mở rộng chúng / earlier checkpoints (the inspector’s) the pack proves the log extends',
    )
    .action(async (opts: PackOptions, command: Command) => {
      const year = yearOption(opts.year);
      if (year === undefined || !opts.out)
        throw new CliError(
          'cần --year <năm> và --out <thư mục|tệp.zip>',
          'needs --year <yyyy> and --out <dir|file.zip>',
          EXIT.invalidInput,
        );
      const out = userPath(opts.out);
      if (existsSync(out))
        throw new CliError(
          `${opts.out} đã có: chọn chỗ khác`,
          `${opts.out} exists: choose another place`,
          EXIT.invalidInput,
        );
      const rulebook = opts.rulebook ? parseRulebook(readJsonFile(userPath(opts.rulebook))) : undefined;
      const against = (opts.against ?? []).map(readCheckpoint);
      const dataDir = dataDirOf(command);
      const built = await withReadModels(command, (engine, store) =>
        buildEvidencePack({
          store,
          db: engine.database,
          dataDir,
          year,
          ...(opts.unit !== undefined ? { unitId: opts.unit } : {}),
          ...(rulebook ? { rulebook } : {}),
          against,
        }),
      );
      writePackFiles(built.files, out);
      const r = built.ranking.ranking;
      console.log(
        `✓ Đã lập gói bằng chứng ${opts.out}: ${built.events} sự kiện, ${built.evidenceFiles} tệp kiểm chứng, ${built.files.size} tệp — evidence pack written: ${built.events} events, ${built.evidenceFiles} evidence files, ${built.files.size} files`,
      );
      console.log(
        `  Xếp hạng / ranking: ${r.planId ?? r.year}, ${built.ranking.published ? `đã công bố / published (sự kiện / event ${built.ranking.eventId})` : 'CHƯA CÔNG BỐ (xếp hạng hiện tại) / NOT PUBLISHED (the current one)'}, tính đến / as of ${localDateTimeOf(r.asOf)} (giờ VN / Vietnam time), vị trí / position ${r.position}`,
      );
      console.log(
        `  Mốc / checkpoint: cỡ / size ${built.checkpoint.treeSize}, gốc / root ${built.checkpoint.root}, lúc / taken ${built.checkpoint.takenAt} (UTC)`,
      );
      console.log(
        `  Kiểm tra / check: mở verifier.html trong gói, hoặc / open verifier.html in the pack, or: cchc evidence-pack verify ${opts.out}`,
      );
    });

  pack
    .command('verify')
    .description(
      'kiểm tra một gói bằng chứng, không cần kho: chữ ký, băm, bằng chứng Merkle, tệp, điểm tính lại; mã thoát 3 nêu cái sai / check an evidence pack without any store: signatures, hashes, Merkle proofs, files, recomputed scores; exit 3 naming what failed',
    )
    .argument('<pack>', 'thư mục hoặc tệp .zip của gói / the pack folder or .zip')
    .option(
      '--trusted-key <base64>',
      'khóa công khai cơ quan thanh tra đã nhận / the public key the inspectorate was given',
    )
    .option(
      '--against <checkpoint...>',
      'mốc thanh tra đã lưu: gói phải chứng minh sổ cái mở rộng chúng / checkpoints the inspector kept: the pack must prove the log extends them',
    )
    .option('--json', 'xuất JSON / print JSON')
    .action(async (path: string, _opts: unknown, command: Command) => {
      // `--against` is the parent's option too: commander gives it to the parent unless read with the globals.
      const opts = command.optsWithGlobals<{ trustedKey?: string; against?: string[]; json?: boolean }>();
      const where = userPath(path);
      if (!existsSync(where)) throw new CliError(`không có gói ${path}`, `no pack at ${path}`, EXIT.notFound);
      const result = await verifyPack(readPackFiles(where), {
        readRulebook: parseRulebook,
        keptCheckpoints: (opts.against ?? []).map(readCheckpoint),
        ...(opts.trustedKey !== undefined ? { trustedKey: opts.trustedKey } : {}),
      });
      if (opts.json) console.log(JSON.stringify({ ok: result.ok, checks: result.checks }, null, 2));
      else
        for (const c of result.checks) {
          const line = `${MARK[c.state]} [${c.kind}] ${c.subject}: ${c.vi} — ${c.en}`;
          if (c.state === 'fail') console.error(line);
          else console.log(line);
        }
      const failed = result.checks.filter((c) => c.state === 'fail').length;
      if (result.ok) {
        if (!opts.json) console.log('✓ Gói hợp lệ — the pack holds');
      } else {
        if (!opts.json)
          console.error(
            `✗ Gói không hợp lệ: ${failed} phép kiểm tra không đạt — the pack fails: ${failed} checks failed`,
          );
        process.exitCode = EXIT.chainBroken;
      }
    });
}
