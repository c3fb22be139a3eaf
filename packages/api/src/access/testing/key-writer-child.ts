/**
 * A second process changing the key file (as `cchc keys` does beside a running server): waits for
 * the agreed instant, then creates `count` keys or revokes the ids given, printing each one done.
 * argv: <keyFile> <startAt ms> create <count> | revoke <id,id,…>
 */
import { ApiKeyStore } from '../api-keys.ts';

const [path, startAt, mode, arg] = process.argv.slice(2) as [string, string, string, string];
const keys = new ApiKeyStore(path);
while (Date.now() < Number(startAt)) await new Promise((r) => setTimeout(r, 1));
if (mode === 'create') {
  for (let i = 0; i < Number(arg); i++) {
    const { record } = await keys.create({ role: 'analyst', label: `child ${process.pid} ${i}` });
    console.log(`created ${record.keyId}`);
  }
} else {
  for (const id of arg.split(',')) {
    await keys.revoke(id);
    console.log(`revoked ${id}`);
  }
}
