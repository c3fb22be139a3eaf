import { writeFileSync } from 'node:fs';
import {
  type CriteriaSet,
  criteriaSetOf,
  EXAMPLE_CRITERIA_SET,
  handleCommand,
  indexCommandSchema,
  leavesOf,
  parseOrThrow,
  shippedCriteriaSets,
} from '@cchc/core';
import { indexDossierBuffer } from '@cchc/dashboards';
import {
  computeDepartmentIndex,
  type DepartmentIndex,
  type DepartmentRanking,
  publishIndexCommand,
  rankDepartments,
} from '@cchc/projections';
import type { Command } from 'commander';
import { type ActionOptions, addActionOptions, contextFrom } from '../action-options.ts';
import { CliError } from '../cli-error.ts';
import { dataDirOf } from '../data-dir.ts';
import { EXIT } from '../exit-codes.ts';
import { formatNumber, printOutcome, table } from '../format.ts';
import { withReadModels, withStore } from '../open-store.ts';
import { instantOption, positiveInt } from '../option-values.ts';
import { planYear } from '../plan-year.ts';

const repeat = (v: string, all: string[] = []) => [...all, v];
type Opts = ActionOptions & Record<string, string | string[] | boolean | undefined>;

/** One department's index as the read options ask for it (`index show`, `index dossier`). */
function indexAsAsked(command: Command, departmentId: string, o: Opts) {
  const position = str(o, 'position');
  return withReadModels(command, async (engine, store) =>
    computeDepartmentIndex(engine.database, {
      departmentId,
      year: await planYear(store, str(o, 'year')),
      ...(str(o, 'plan') ? { planId: str(o, 'plan') } : {}),
      ...(str(o, 'asOf') ? { asOf: instantOption(str(o, 'asOf'), '--as-of') } : {}),
      ...(position ? { position: positiveInt('--position')(position) } : {}),
    }),
  );
}
const str = (o: Opts, k: string) => (typeof o[k] === 'string' ? (o[k] as string) : undefined);
const list = (o: Opts, k: string) => (Array.isArray(o[k]) ? (o[k] as string[]) : []);

/** `--set id@version` (default: the example set), among the shipped sets. */
function criteriaSetOption(value: string | undefined): CriteriaSet {
  if (value === undefined) return criteriaSetOf(EXAMPLE_CRITERIA_SET)!;
  const [id, version] = value.split('@');
  const set = id && version ? criteriaSetOf({ id, version: Number(version) }) : undefined;
  if (!set) {
    const known = [...shippedCriteriaSets().keys()].join(', ');
    throw new CliError(
      `Không có bộ tiêu chí ${value} (có: ${known})`,
      `no criteria set ${value} (shipped: ${known})`,
      EXIT.invalidInput,
    );
  }
  return set;
}

/** Decides one index command through the engine; `build` gets the year and the instant. */
function action(build: (args: string[], o: Opts, year: number, at: string) => Record<string, unknown>) {
  return async (...params: unknown[]) => {
    const command = params[params.length - 1] as Command;
    const o = params[params.length - 2] as Opts;
    const args = params.slice(0, -2) as string[];
    const at = instantOption(o.at, '--at');
    await withStore(dataDirOf(command), { readOnly: false }, async (store) => {
      const year = await planYear(store, str(o, 'year'));
      const raw = { ...build(args, o, year, at), year, at };
      printOutcome(
        await handleCommand(
          store,
          parseOrThrow(indexCommandSchema, raw, { vi: 'Lệnh', en: 'command' }),
          contextFrom(o, at),
        ),
      );
    });
  };
}

export function printIndex(index: DepartmentIndex): void {
  console.log(
    `Chỉ số CCHC của ${index.departmentId} năm ${index.year} / CCHC index — kế hoạch/plan ${index.planId}, ` +
      `bộ tiêu chí/criteria set ${index.criteriaSet.id}@${index.criteriaSet.version}, vị trí/position ${index.position}, tại/as of ${index.asOf}`,
  );
  if (index.criteriaSet.example) {
    console.log(
      '! Bộ tiêu chí VÍ DỤ: thay bằng quyết định của UBND tỉnh — an EXAMPLE criteria set: replace it with the province’s decision',
    );
  }
  console.log(
    table(
      ['Tiêu chí', 'Cách chấm', 'Tối đa', 'Tự chấm', 'Thẩm định', 'Cuối cùng', 'Kiểm chứng', 'Ghi chú'],
      index.leaves.map((l) => [
        `${l.criterionId} ${l.title.slice(0, 48)}`,
        l.method,
        formatNumber(l.max),
        formatNumber(l.self),
        formatNumber(l.appraised),
        formatNumber(l.final),
        String(l.evidenceFiles.length || ''),
        l.appraisalReason ?? (l.measured === null ? '' : `đo/measured ${formatNumber(l.measured, 4)}`),
      ]),
    ),
  );
  console.log(
    table(
      ['Lĩnh vực', 'Tối đa', 'Tự chấm', 'Thẩm định', 'Cuối cùng'],
      [
        ...index.areas.map((a) => [
          `${a.areaId} ${a.title.slice(0, 48)}`,
          formatNumber(a.max),
          formatNumber(a.self),
          formatNumber(a.appraised),
          formatNumber(a.final),
        ]),
        ['Tổng / total', '100.00', formatNumber(index.self), formatNumber(index.appraised), formatNumber(index.final)],
      ],
    ),
  );
  const s = index.status;
  console.log(
    `Chỉ số công bố / published index: ${index.published.final.toFixed(index.precision)} — ${index.published.band}; ` +
      `hồ sơ/dossier ${s.submitted ? (s.submittedLate ? 'đã gửi (trễ hạn)/submitted late' : 'đã gửi/submitted') : 'chưa gửi/not submitted'}; ` +
      `giải trình chưa trả lời/open requests ${s.openRequests.length}; điều tra XHH/survey ${s.surveyEntered ? 'có/entered' : 'chưa/missing'}`,
  );
  console.log(`Băm đầu vào / inputs hash: ${index.inputsHash}`);
}

function printDepartmentRanking(r: DepartmentRanking): void {
  console.log(
    `Xếp hạng Chỉ số CCHC các Sở năm ${r.year} / departments ranked — ${r.criteriaSet.id}@${r.criteriaSet.version}, vị trí/position ${r.position}`,
  );
  console.log(
    table(
      ['Hạng', 'Sở', 'Tự chấm', 'Thẩm định', 'Chỉ số', 'Xếp loại'],
      r.rows.map((x) => [
        String(x.rank),
        x.departmentId,
        formatNumber(x.self),
        formatNumber(x.appraised),
        x.rounded.toFixed(r.precision),
        x.band,
      ]),
    ),
  );
  console.log(
    `i Bằng điểm ở ${r.precision} chữ số thập phân thì cùng hạng — equal at ${r.precision} decimals share a rank`,
  );
  console.log(`Băm đầu vào / inputs hash: ${r.inputsHash}`);
}

/** `--plan dept=planId`, repeatable, for the ranking. */
function plansOption(values: readonly string[]): Map<string, string> {
  return new Map(values.map((v) => v.split('=') as [string, string]));
}

/** `cchc index …`: the department's own CCHC index (issue 14). */
export function registerIndexCommands(program: Command): void {
  const index = program
    .command('index')
    .description('Chỉ số CCHC của Sở: tự đánh giá, thẩm định, xếp hạng / the department’s CCHC index');
  index
    .command('criteria')
    .description('in cây tiêu chí của bộ tiêu chí / print a criteria set’s tree')
    .option('--set <id@version>', 'bộ tiêu chí (mặc định: bộ ví dụ) / criteria set (default: the example)')
    .option('--json', 'xuất JSON / print JSON')
    .action((o: { set?: string; json?: boolean }) => {
      const set = criteriaSetOption(o.set);
      if (o.json) return void console.log(JSON.stringify(set, null, 2));
      console.log(`${set.id}@${set.version} — ${set.title}`);
      console.log(
        table(
          ['Tiêu chí', 'Cách chấm', 'Tối đa'],
          leavesOf(set).map((l) => [`${l.id} ${l.title}`, l.method, formatNumber(l.max)]),
        ),
      );
    });
  const add = (name: string, description: string) =>
    addActionOptions(index.command(name).description(description).option('--year <yyyy>', 'năm / year'));
  add(
    'self-score',
    'tự chấm một tiêu chí (thủ công), kèm tài liệu kiểm chứng / self-score a manual criterion, with evidence',
  )
    .argument('<departmentId>')
    .argument('<criterionId>')
    .requiredOption('--value <points>', 'điểm / points')
    .option('--note <text>', 'ghi chú / note')
    .option(
      '--evidence-file <sha256>',
      'tài liệu kiểm chứng (cchc evidence add), lặp lại được / evidence file, repeatable',
      repeat,
    )
    .option('--set <id@version>', 'bộ tiêu chí (mặc định: bộ ví dụ) / criteria set (default: the example)')
    .action(
      action(([departmentId, criterionId], o) => {
        const set = criteriaSetOption(str(o, 'set'));
        return {
          type: 'SelfScoreCriterion',
          departmentId,
          criterionId,
          criteriaSetId: set.id,
          criteriaSetVersion: set.version,
          value: Number(str(o, 'value')),
          ...(str(o, 'note') ? { note: str(o, 'note') } : {}),
          evidenceFiles: list(o, 'evidenceFile'),
        };
      }),
    );
  add('submit', 'gửi hồ sơ tự đánh giá (khóa điểm tự chấm) / submit the dossier (locks self-scores)')
    .argument('<departmentId>')
    .action(action(([departmentId]) => ({ type: 'SubmitIndexDossier', departmentId })));
  add('appraise', 'thẩm định một tiêu chí (vai trò thẩm định) / appraise a criterion (the appraiser)')
    .argument('<departmentId>')
    .argument('<criterionId>')
    .requiredOption('--value <points>', 'điểm thẩm định / appraised points')
    .requiredOption('--reason <text>', 'lý do / reason')
    .action(
      action(([departmentId, criterionId], o) => ({
        type: 'AppraiseCriterion',
        departmentId,
        criterionId,
        value: Number(str(o, 'value')),
        reason: str(o, 'reason'),
      })),
    );
  add('request', 'đề nghị giải trình / bổ sung tài liệu / request an explanation or more evidence')
    .argument('<departmentId>')
    .requiredOption('--request-id <id>', 'mã đề nghị / request id')
    .requiredOption('--question <text>', 'nội dung / question')
    .option('--criterion <criterionId>', 'tiêu chí / criterion')
    .action(
      action(([departmentId], o) => ({
        type: 'RequestExplanation',
        departmentId,
        requestId: str(o, 'requestId'),
        question: str(o, 'question'),
        ...(str(o, 'criterion') ? { criterionId: str(o, 'criterion') } : {}),
      })),
    );
  add('answer', 'trả lời đề nghị giải trình / answer a request for explanation')
    .argument('<departmentId>')
    .argument('<requestId>')
    .requiredOption('--answer <text>', 'nội dung trả lời / answer')
    .option('--evidence-file <sha256>', 'tài liệu kiểm chứng bổ sung, lặp lại được / evidence file, repeatable', repeat)
    .action(
      action(([departmentId, requestId], o) => ({
        type: 'AnswerExplanation',
        departmentId,
        requestId,
        answer: str(o, 'answer'),
        evidenceFiles: list(o, 'evidenceFile'),
      })),
    );
  add('survey', 'nhập kết quả điều tra xã hội học / enter the survey results')
    .argument('<departmentId>')
    .requiredOption(
      '--result <criterionId=points>',
      'kết quả, lặp lại được, ví dụ 8.1=17.25 / a result, repeatable',
      repeat,
    )
    .option('--source <text>', 'nguồn / source')
    .action(
      action(([departmentId], o) => ({
        type: 'EnterSurveyResults',
        departmentId,
        results: list(o, 'result').map((r) => {
          const [criterionId, value] = r.split('=');
          return { criterionId, value: Number(value) };
        }),
        ...(str(o, 'source') ? { source: str(o, 'source') } : {}),
      })),
    );
  const readOptions = (c: Command) =>
    c
      .option('--year <yyyy>', 'năm / year')
      .option('--as-of <instant>', 'tại thời điểm (mặc định: bây giờ) / as of (default: now)')
      .option('--position <n>', 'vị trí nhật ký / log position');
  readOptions(
    index.command('show').description('chỉ số của một Sở: tự chấm, thẩm định, cuối cùng / one department’s index'),
  )
    .argument('<departmentId>')
    .option('--plan <planId>', 'kế hoạch của Sở / the department’s plan')
    .option('--json', 'xuất JSON / print JSON')
    .action(async (departmentId: string, o: Opts, command: Command) => {
      const found = await indexAsAsked(command, departmentId, o);
      if (o.json) console.log(JSON.stringify(found, null, 2));
      else printIndex(found);
    });
  readOptions(index.command('dossier').description('hồ sơ chấm điểm (XLSX) / the scoring dossier as XLSX'))
    .argument('<departmentId>')
    .requiredOption('--out <file.xlsx>', 'tệp ra / output file')
    .option('--plan <planId>', 'kế hoạch của Sở / the department’s plan')
    .action(async (departmentId: string, o: Opts, command: Command) => {
      const found = await indexAsAsked(command, departmentId, o);
      const out = str(o, 'out') ?? 'ho-so-cham-diem.xlsx';
      writeFileSync(out, await indexDossierBuffer(found));
      console.log(`✓ Đã ghi hồ sơ chấm điểm / wrote the scoring dossier: ${out}`);
    });
  addActionOptions(
    readOptions(
      index.command('publish').description('công bố chỉ số: ghi IndexPublished / publish the index (IndexPublished)'),
    ),
  )
    .argument('<departmentId>')
    .option('--plan <planId>', 'kế hoạch của Sở / the department’s plan')
    .action(async (departmentId: string, o: Opts, command: Command) => {
      const at = instantOption(o.at, '--at');
      await withReadModels(command, async (engine, store) => {
        const year = await planYear(store, str(o, 'year'));
        const found = await computeDepartmentIndex(engine.database, {
          departmentId,
          year,
          asOf: str(o, 'asOf') ? instantOption(str(o, 'asOf'), '--as-of') : at,
          ...(str(o, 'plan') ? { planId: str(o, 'plan') } : {}),
        });
        const raw = publishIndexCommand(found, at);
        printOutcome(
          await handleCommand(
            store,
            parseOrThrow(indexCommandSchema, raw, { vi: 'Lệnh', en: 'command' }),
            contextFrom(o, at),
          ),
        );
        console.log(
          `Chỉ số / index ${found.published.final.toFixed(found.precision)} — ${found.published.band}; băm đầu vào / inputs hash ${found.inputsHash}`,
        );
      });
    });
  readOptions(index.command('rank').description('xếp hạng các Sở theo chỉ số / rank departments by their index'))
    .argument('<departmentIds...>')
    .option(
      '--plan <departmentId=planId>',
      'kế hoạch của từng Sở, lặp lại được / each department’s plan, repeatable',
      repeat,
    )
    .option('--json', 'xuất JSON / print JSON')
    .action(async (departmentIds: string[], o: Opts, command: Command) => {
      const plans = plansOption(list(o, 'plan'));
      const ranking = await withReadModels(command, async (engine, store) =>
        rankDepartments(
          engine.database,
          departmentIds.map((d) => ({ departmentId: d, ...(plans.has(d) ? { planId: plans.get(d)! } : {}) })),
          {
            year: await planYear(store, str(o, 'year')),
            ...(str(o, 'asOf') ? { asOf: instantOption(str(o, 'asOf'), '--as-of') } : {}),
            ...(str(o, 'position') ? { position: Number(str(o, 'position')) } : {}),
          },
        ),
      );
      if (o.json) console.log(JSON.stringify(ranking, null, 2));
      else printDepartmentRanking(ranking);
    });
}
