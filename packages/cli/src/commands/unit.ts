import { handleUnitCommand, omitUndefined, parseOrThrow, unitCommandSchema } from '@cchc/core';
import type { Command } from 'commander';
import { type ActionOptions, addActionOptions, contextFrom } from '../action-options.ts';
import { dataDirOf } from '../data-dir.ts';
import { printOutcome } from '../format.ts';
import { withStore } from '../open-store.ts';
import { instantOption } from '../option-values.ts';

interface UnitOptions extends ActionOptions {
  unit?: string;
  into?: string;
  name?: string;
  kind?: string;
  parent?: string;
  decision?: string;
  assignmentsTo?: string;
  level?: string;
  title?: string;
  reason?: string;
  document?: string;
}

const list = (v: string | undefined) =>
  v === undefined
    ? undefined
    : v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);

/** cchc unit …: establish, rename, merge, split; initiatives, criticisms and sanctions of a unit. */
export function registerUnitCommands(program: Command): void {
  const unit = program
    .command('unit')
    .description(
      'đơn vị: tổ chức lại, khen thưởng, phê bình, kỷ luật / units: reorganisation, recognition, criticism, sanctions',
    );

  const run = async (command: Command, opts: UnitOptions, raw: Record<string, unknown>) => {
    const at = instantOption(opts.at, '--at');
    const context = contextFrom(opts, at);
    const unitCommand = parseOrThrow(unitCommandSchema, { ...raw, at }, { vi: 'Lệnh', en: 'command' });
    await withStore(dataDirOf(command), { readOnly: false }, async (store) =>
      printOutcome(await handleUnitCommand(store, unitCommand, context, store.capabilities.taskDirectory)),
    );
  };

  addActionOptions(
    unit
      .command('establish')
      .description('thành lập đơn vị / establish a unit')
      .argument('<unitId>')
      .requiredOption('--name <name>', 'tên đơn vị / name')
      .requiredOption('--kind <kind>', 'van_phong | phong | chi_cuc | trung_tam | chi_nhanh')
      .option('--parent <unitId>', 'đơn vị cấp trên / parent unit')
      .option('--decision <ref>', 'quyết định / decision'),
  ).action((unitId: string, o: UnitOptions, c: Command) =>
    run(
      c,
      o,
      omitUndefined({
        type: 'EstablishUnit',
        unitId,
        name: o.name,
        kind: o.kind,
        parentId: o.parent,
        shortNames: [],
        decisionRef: o.decision,
      }),
    ),
  );

  addActionOptions(
    unit
      .command('rename')
      .description('đổi tên / rename')
      .argument('<unitId>')
      .requiredOption('--name <name>', 'tên mới / new name')
      .option('--decision <ref>', 'quyết định / decision'),
  ).action((unitId: string, o: UnitOptions, c: Command) =>
    run(c, o, omitUndefined({ type: 'RenameUnit', unitId, name: o.name, decisionRef: o.decision })),
  );

  addActionOptions(
    unit
      .command('merge')
      .description(
        'sáp nhập vào đơn vị khác; nhiệm vụ chuyển cho đơn vị tiếp nhận / merge into another unit; its assignments pass to it',
      )
      .argument('<unitId>')
      .requiredOption('--into <unitId>', 'đơn vị tiếp nhận / successor')
      .requiredOption('--decision <ref>', 'quyết định / decision'),
  ).action((unitId: string, o: UnitOptions, c: Command) =>
    run(c, o, omitUndefined({ type: 'MergeUnit', unitId, intoUnitId: o.into, decisionRef: o.decision })),
  );

  addActionOptions(
    unit
      .command('split')
      .description('chia tách thành các đơn vị đã thành lập / split into established units')
      .argument('<unitId>')
      .requiredOption('--into <a,b>', 'các đơn vị nhận / receiving units')
      .option(
        '--assignments-to <unitId>',
        'đơn vị nhận nhiệm vụ (mặc định đơn vị đầu) / who inherits the assignments (default: the first)',
      )
      .requiredOption('--decision <ref>', 'quyết định / decision'),
  ).action((unitId: string, o: UnitOptions, c: Command) =>
    run(
      c,
      o,
      omitUndefined({
        type: 'SplitUnit',
        unitId,
        intoUnitIds: list(o.into),
        assignmentsTo: o.assignmentsTo,
        decisionRef: o.decision,
      }),
    ),
  );

  addActionOptions(
    unit
      .command('initiative')
      .description('sáng kiến được công nhận (cộng điểm) / recognised initiative (bonus)')
      .requiredOption('--unit <unitId>', 'đơn vị / unit')
      .requiredOption('--level <level>', 'department | province')
      .option('--title <text>', 'tên sáng kiến / title', 'Sáng kiến cải cách hành chính')
      .option('--decision <ref>', 'quyết định công nhận / decision'),
  ).action((o: UnitOptions, c: Command) =>
    run(
      c,
      o,
      omitUndefined({
        type: 'RecogniseInitiative',
        unitId: o.unit,
        level: o.level,
        title: o.title,
        decisionRef: o.decision,
      }),
    ),
  );

  addActionOptions(
    unit
      .command('criticism')
      .description('phê bình bằng văn bản (trừ điểm) / written criticism (deduction)')
      .requiredOption('--unit <unitId>', 'đơn vị / unit')
      .option('--reason <text>', 'lý do / reason', 'Phê bình bằng văn bản')
      .option('--document <ref>', 'văn bản / document'),
  ).action((o: UnitOptions, c: Command) =>
    run(c, o, omitUndefined({ type: 'RecordCriticism', unitId: o.unit, reason: o.reason, documentRef: o.document })),
  );

  addActionOptions(
    unit
      .command('sanction')
      .description(
        'kỷ luật (khiển trách trở lên: xếp loại Yếu) / disciplinary sanction (khiển trách or heavier: band Yếu)',
      )
      .requiredOption('--unit <unitId>', 'đơn vị / unit')
      .requiredOption(
        '--kind <kind>',
        'khien_trach | canh_cao | ha_bac_luong | giang_chuc | cach_chuc | buoc_thoi_viec',
      )
      .option('--reason <text>', 'lý do / reason', 'Kỷ luật')
      .option('--decision <ref>', 'quyết định / decision'),
  ).action((o: UnitOptions, c: Command) =>
    run(
      c,
      o,
      omitUndefined({
        type: 'RecordSanction',
        unitId: o.unit,
        kind: o.kind,
        reason: o.reason,
        decisionRef: o.decision,
      }),
    ),
  );
}
