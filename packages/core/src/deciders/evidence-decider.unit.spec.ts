import { describe, it } from 'vitest';
import { deciderSpecification } from '../testing/decider-specification.ts';
import { type EvidenceEvent, evidenceDecider } from './evidence-decider.ts';

const spec = deciderSpecification(evidenceDecider);
const sha256 = 'ab'.repeat(32);
const added: EvidenceEvent = {
  type: 'EvidenceFileAdded',
  data: {
    sha256,
    fileName: 'QĐ 12.pdf',
    size: 1024,
    mediaType: 'application/pdf',
    uploadedBy: 'api:reporter:k1',
    unitId: 'vpdkdd',
  },
};
const command = {
  type: 'AddEvidenceFile' as const,
  sha256,
  fileName: 'QĐ 12.pdf',
  size: 1024,
  mediaType: 'application/pdf',
  unitId: 'vpdkdd',
  uploadedBy: 'api:reporter:k1',
  at: '2025-03-01T09:00:00+07:00',
};

describe('evidence decider', () => {
  it('records a file once; the same bytes again (any name, any uploader) record nothing', () => {
    spec.given([]).when(command).then([added]);
    spec
      .given([added])
      .when({ ...command, fileName: 'ban-sao.pdf', uploadedBy: 'cli:khac' })
      .then([]);
  });
});
