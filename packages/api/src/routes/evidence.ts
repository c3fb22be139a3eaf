import {
  addEvidenceFile,
  EVIDENCE_MAX_BYTES,
  EVIDENCE_TYPE_LIST,
  type EvidenceRecord,
  evidenceFileNameSchema,
  recordedEvidence,
  sha256Schema,
  unitIdSchema,
  verifyEvidenceFiles,
} from '@cchc/core';
import type { FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { roleMay } from '../access/roles.ts';
import { evidenceAddedAnswer, evidenceRecordAnswer, evidenceVerificationAnswer } from '../answers/evidence.ts';
import { HttpProblem } from '../http/problem.ts';
import { runCommand } from '../http/run-command.ts';
import { assertMayActFor, principalOf } from '../plugins/auth.ts';
import { jsonResponses, PROBLEMS, problemSchema, sendJson, WRITE_HEADERS } from './openapi-shapes.ts';
import { routeGroup } from './route-group.ts';

const MiB = 1024 * 1024;

/**
 * Who may read an evidence file: the office, inspectors and admins every file; a reporter the files
 * uploaded for its own unit; analysts none (they read aggregates, and evidence may hold personal data).
 */
function assertMayRead(request: FastifyRequest, record: EvidenceRecord): void {
  const principal = principalOf(request);
  // The appraisal council reads the evidence a department's index dossier cites (issue 14).
  if (roleMay(principal.role, 'office') || roleMay(principal.role, 'audit') || roleMay(principal.role, 'appraise'))
    return;
  if (principal.role === 'reporter' && record.unitId !== undefined && record.unitId === principal.unitId) return;
  throw new HttpProblem(principal.role === 'reporter' ? 'UNIT_FORBIDDEN' : 'ROLE_FORBIDDEN', {
    vi: `Vai trò ${principal.role} không được xem tài liệu kiểm chứng này (văn phòng, thanh tra, quản trị, thẩm định: mọi tệp; đơn vị: tệp của mình)`,
    en: `role ${principal.role} may not read this evidence file (office, inspector, admin, appraiser: every file; a reporter: its unit's)`,
  });
}

/** Tài liệu kiểm chứng: upload (content-addressed, recorded as EvidenceFileAdded), its record, its bytes. */
export const evidenceRoutes = routeGroup('evidence', async (app, { services }) => {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { store, evidence } = services;
  // This group's bodies are files: every content type is read as bytes (only here: the plugin is encapsulated).
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: EVIDENCE_MAX_BYTES }, (_request, body, done) =>
    done(null, body),
  );

  const found = async (sha256: string): Promise<EvidenceRecord> => {
    const record = await recordedEvidence(store, sha256);
    if (!record) {
      throw new HttpProblem('EVIDENCE_FILE_NOT_FOUND', {
        vi: `Không có tài liệu kiểm chứng ${sha256}`,
        en: `no evidence file ${sha256}`,
      });
    }
    return record;
  };

  api.post(
    '/v1/evidence',
    {
      bodyLimit: EVIDENCE_MAX_BYTES,
      config: { permission: 'report' },
      schema: {
        tags: ['evidence'],
        summary: `Tải lên tài liệu kiểm chứng (thân yêu cầu là tệp, ≤ ${EVIDENCE_MAX_BYTES / MiB} MiB; ${EVIDENCE_TYPE_LIST}) / upload an evidence file (the body is the file) — AddEvidenceFile`,
        headers: WRITE_HEADERS,
        querystring: z.strictObject({ fileName: evidenceFileNameSchema, unitId: unitIdSchema.optional() }),
        response: {
          200: evidenceAddedAnswer,
          201: evidenceAddedAnswer,
          ...PROBLEMS,
          413: problemSchema,
          422: problemSchema,
        },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const unitId = request.query.unitId ?? principal.unitId;
      assertMayActFor(request, unitId);
      const bytes = Buffer.isBuffer(request.body) ? new Uint8Array(request.body) : new Uint8Array();
      const upload = { bytes, fileName: request.query.fileName, ...(unitId ? { unitId } : {}) };
      // runCommand keys an Idempotency-Key on the request body: the file's name and unit stand for it
      // (the bytes are named by their hash, and the same bytes are one file).
      request.body = { fileName: upload.fileName, unitId: unitId ?? null, size: bytes.byteLength };
      return runCommand(services, request, reply, async (context) => {
        const added = await addEvidenceFile(store, evidence, upload, context);
        const { outcome, ...file } = added;
        return { ...outcome, details: file };
      });
    },
  );

  api.get(
    '/v1/audit/evidence',
    {
      config: { permission: 'audit' },
      schema: {
        tags: ['audit'],
        summary:
          'Kiểm tra mọi tài liệu kiểm chứng theo mã băm (như cchc verify) / check every evidence file against its hash (as cchc verify)',
        response: jsonResponses(evidenceVerificationAnswer),
      },
    },
    // Not cached by log position: a file can be altered while the log stands still.
    async (_request, reply) => sendJson(reply, await verifyEvidenceFiles(store, evidence)),
  );

  api.get(
    '/v1/evidence/:sha256/record',
    {
      config: { permission: 'read' },
      schema: {
        tags: ['evidence'],
        summary:
          'Bản ghi của một tài liệu kiểm chứng (tên, cỡ, loại, người tải lên) và tệp còn khớp mã băm không / an evidence file’s record and whether its bytes still match',
        params: z.object({ sha256: sha256Schema }),
        response: jsonResponses(evidenceRecordAnswer),
      },
    },
    async (request, reply) => {
      const record = await found(request.params.sha256);
      assertMayRead(request, record);
      const { state } = evidence.check(record.sha256, record.size);
      return sendJson(reply, { ...record, file: state, contentUrl: `/v1/evidence/${record.sha256}` });
    },
  );

  api.get(
    '/v1/evidence/:sha256',
    {
      config: { permission: 'read' },
      schema: {
        // Bytes, not JSON: documented in docs/api.md, left out of the JSON answer schemas.
        hide: true,
        params: z.object({ sha256: sha256Schema }),
      },
    },
    async (request, reply) => {
      const record = await found(request.params.sha256);
      assertMayRead(request, record);
      const bytes = evidence.read(record.sha256);
      if (!bytes || bytes.byteLength !== record.size) {
        throw new HttpProblem('EVIDENCE_FILE_DAMAGED', {
          vi: `Tệp ${record.fileName} (${record.sha256}) bị mất hoặc đã bị sửa; không gửi đi. Chạy cchc verify`,
          en: `file ${record.fileName} (${record.sha256}) is missing or altered; not served. Run cchc verify`,
        });
      }
      return reply
        .code(200)
        .header('content-type', record.mediaType)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(record.fileName)}`)
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, max-age=31536000, immutable')
        .header('etag', `"${record.sha256}"`)
        .header('x-evidence-sha256', record.sha256)
        .send(Buffer.from(bytes));
    },
  );
});
