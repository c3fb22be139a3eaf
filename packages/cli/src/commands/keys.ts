import { ApiKeyStore, keyFileOf, ROLES, type Role } from '@cchc/api';
import { localDateTimeOf, rotateSigningKey, type SigningKeys, signingKeysOf, unitStreamId } from '@cchc/core';
import type { Command } from 'commander';
import { CliError } from '../cli-error.ts';
import { dataDirOf } from '../data-dir.ts';
import { EXIT } from '../exit-codes.ts';
import { table } from '../format.ts';
import { withStore } from '../open-store.ts';

function roleOf(value: string): Role {
  if ((ROLES as readonly string[]).includes(value)) return value as Role;
  throw new CliError(
    `--role phải là một trong ${ROLES.join(', ')}: ${value}`,
    `--role must be one of ${ROLES.join(', ')}: ${value}`,
    EXIT.invalidInput,
  );
}

/** API keys in `<data>/api-keys.json`; works while the server runs (it re-reads the file). */
export function registerKeyCommands(program: Command): void {
  const keys = program
    .command('keys')
    .description('khóa API và khóa ký mốc kiểm chứng / API keys and the checkpoint signing key');
  registerSigningKeyCommands(keys);
  keys
    .command('create')
    .description('cấp khóa; khóa chỉ in ra một lần / issue a key; it is printed once')
    .requiredOption('--role <role>', ROLES.join(' | '))
    .option('--unit <unitId>', 'đơn vị của khóa reporter / the reporter key’s unit')
    .option('--label <text>', 'ghi chú, ghi vào người thực hiện của sự kiện / a label, recorded in the events’ actor')
    .action(async (opts: { role: string; unit?: string; label?: string }, command: Command) => {
      if (opts.unit) await assertUnitExists(dataDirOf(command), opts.unit);
      const store = new ApiKeyStore(keyFileOf(dataDirOf(command)));
      const { key, record } = await store.create({
        role: roleOf(opts.role),
        ...(opts.unit ? { unitId: opts.unit } : {}),
        ...(opts.label ? { label: opts.label } : {}),
      });
      console.log(
        `✓ Khóa ${record.keyId} (${record.role}${record.unitId ? `, ${record.unitId}` : ''}) — key issued; lưu lại ngay, sẽ không hiện lại / keep it now, it is not shown again:`,
      );
      console.log(key);
    });
  keys
    .command('revoke')
    .description('thu hồi khóa / revoke a key')
    .argument('<keyId>', 'mã khóa (12 ký tự hex) / key id (12 hex characters)')
    .action(async (keyId: string, _opts: unknown, command: Command) => {
      const record = await new ApiKeyStore(keyFileOf(dataDirOf(command))).revoke(keyId);
      console.log(`✓ Đã thu hồi khóa ${record.keyId} lúc ${record.revokedAt} — key revoked`);
    });
  keys
    .command('list')
    .description('liệt kê khóa (không có bí mật) / list keys (no secrets)')
    .action((_opts: unknown, command: Command) => {
      const list = new ApiKeyStore(keyFileOf(dataDirOf(command))).list();
      if (list.length === 0) {
        console.log('Chưa có khóa nào — no keys');
        return;
      }
      console.log(
        table(
          ['Mã / id', 'Vai trò / role', 'Đơn vị / unit', 'Nhãn / label', 'Tạo / created', 'Thu hồi / revoked'],
          list.map((k) => [k.keyId, k.role, k.unitId ?? '', k.label ?? '', k.createdAt, k.revokedAt ?? '']),
        ),
      );
    });
}

/** A reporter key acts for a unit: the unit must be one the ledger knows. */
async function assertUnitExists(dataDir: string, unitId: string): Promise<void> {
  const events = await withStore(dataDir, { readOnly: true }, (store) => store.readStream(unitStreamId(unitId)));
  if (!events.some((e) => e.type === 'UnitEstablished')) {
    throw new CliError(
      `Không có đơn vị ${unitId} trong sổ cái; xem danh sách bằng GET /v1/units hoặc cchc events list --stream unit-<mã>`,
      `no unit ${unitId} in the ledger; list them with GET /v1/units or cchc events list --stream unit-<id>`,
      EXIT.notFound,
    );
  }
}

function printSigningKeys(keys: SigningKeys, json: boolean | undefined): void {
  if (json) {
    console.log(JSON.stringify({ current: keys.current, retired: keys.retired }, null, 2));
    return;
  }
  console.log('Khóa công khai hiện tại (Ed25519, SPKI DER base64) — current public key:');
  console.log(keys.current);
  for (const k of keys.retired)
    console.log(
      `  đã thay lúc / retired at ${localDateTimeOf(k.retiredAt)} (giờ VN / Vietnam time): ${k.publicKey} — các mốc ký bằng khóa này vẫn kiểm được / checkpoints it signed still verify`,
    );
}

/**
 * The checkpoint signing key (`<data>/checkpoint-key.pem`, mode 0600, made at first use). A running
 * server signs with the key on disk at each checkpoint, so a rotation needs no restart.
 */
function registerSigningKeyCommands(keys: Command): void {
  const signing = keys
    .command('signing')
    .description('khóa ký mốc kiểm chứng (Ed25519) / the checkpoint signing key (Ed25519)');
  signing
    .command('show')
    .description(
      'in khóa công khai (để gửi cơ quan thanh tra) và các khóa đã thay / print the public key (for the inspectorate) and the retired ones',
    )
    .option('--json', 'xuất JSON / print JSON')
    .action((opts: { json?: boolean }, command: Command) =>
      printSigningKeys(signingKeysOf(dataDirOf(command)), opts.json),
    );
  signing
    .command('rotate')
    .description(
      'tạo khóa ký mới; khóa công khai cũ vẫn được liệt kê để các mốc cũ còn kiểm được / make a new signing key; the old public key stays listed so old checkpoints still verify',
    )
    .option('--json', 'xuất JSON / print JSON')
    .action((opts: { json?: boolean }, command: Command) => {
      const after = rotateSigningKey(dataDirOf(command));
      if (!opts.json)
        console.log(
          '✓ Đã thay khóa ký; gửi khóa công khai mới cho cơ quan thanh tra — signing key rotated; give the inspectorate the new public key',
        );
      printSigningKeys(after, opts.json);
    });
}
