import type { CommandContext } from '../application/command-context.ts';
import { type CommandOutcome, handleCommand } from '../application/handle-command.ts';
import { ValidationError } from '../errors/cchc-error.ts';
import type { EventStore } from '../event-store/event-store.ts';
import { evidenceFileNameSchema } from '../events/domain/evidence-events.ts';
import type { EvidenceFiles } from './evidence-files.ts';
import { EVIDENCE_MAX_BYTES, EVIDENCE_TYPE_LIST, evidenceTypeOf } from './evidence-types.ts';

export interface EvidenceUpload {
  readonly bytes: Uint8Array;
  /** The name the uploader gives (a path is cut to its last part). */
  readonly fileName: string;
  readonly unitId?: string;
  readonly planYear?: number;
}

export interface AddedEvidence {
  readonly sha256: string;
  readonly fileName: string;
  readonly size: number;
  readonly mediaType: string;
  /** The file was stored and recorded before: nothing new was written. */
  readonly alreadyRecorded: boolean;
  readonly outcome: CommandOutcome;
}

const MiB = 1024 * 1024;

/**
 * Checks an upload's size and type, stores its bytes content-addressed, then records
 * EvidenceFileAdded through the decision engine (name, size, type, uploader in the hash chain).
 * A refused record leaves the stored bytes: they are named by their hash and harm nothing.
 */
export async function addEvidenceFile(
  store: EventStore,
  files: EvidenceFiles,
  upload: EvidenceUpload,
  context: CommandContext,
  now: Date = new Date(),
): Promise<AddedEvidence> {
  const what = { vi: 'tài liệu kiểm chứng', en: 'evidence file' };
  const fileName = evidenceFileNameSchema.safeParse(upload.fileName.split(/[/\\]/u).at(-1) ?? '');
  if (!fileName.success) {
    throw new ValidationError(what, [
      { path: 'fileName', message: 'cần tên tệp có phần mở rộng — a file name with its extension is needed' },
    ]);
  }
  const size = upload.bytes.byteLength;
  if (size === 0) throw new ValidationError(what, [{ path: 'file', message: 'tệp rỗng — the file is empty' }]);
  if (size > EVIDENCE_MAX_BYTES) {
    const mb = (size / MiB).toFixed(1);
    throw new ValidationError(what, [
      {
        path: 'file',
        message: `tệp ${mb} MiB, vượt giới hạn ${EVIDENCE_MAX_BYTES / MiB} MiB — the file is ${mb} MiB, over the ${EVIDENCE_MAX_BYTES / MiB} MiB limit`,
      },
    ]);
  }
  const type = evidenceTypeOf(upload.bytes, fileName.data);
  if (!type) {
    throw new ValidationError(what, [
      {
        path: 'file',
        message:
          `${fileName.data}: loại tệp không được nhận, hoặc nội dung không khớp phần mở rộng; nhận: ${EVIDENCE_TYPE_LIST} — ` +
          `${fileName.data}: not an accepted type, or its content does not match its extension; accepted: ${EVIDENCE_TYPE_LIST}`,
      },
    ]);
  }
  const stored = files.put(upload.bytes);
  const outcome = await handleCommand(
    store,
    {
      type: 'AddEvidenceFile',
      sha256: stored.sha256,
      fileName: fileName.data,
      size,
      mediaType: type.mediaType,
      ...(upload.unitId ? { unitId: upload.unitId } : {}),
      ...(upload.planYear ? { planYear: upload.planYear } : {}),
      at: now.toISOString(),
    },
    context,
    { clock: () => now },
  );
  return {
    sha256: stored.sha256,
    fileName: fileName.data,
    size,
    mediaType: type.mediaType,
    alreadyRecorded: outcome.events.length === 0 || outcome.alreadyHandled,
    outcome,
  };
}
