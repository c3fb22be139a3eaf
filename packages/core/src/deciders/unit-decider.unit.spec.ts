import { describe, it } from 'vitest';
import { deciderSpecification } from '../testing/decider-specification.ts';
import { type UnitEvent, unitDecider } from './unit-decider.ts';

const spec = deciderSpecification(unitDecider);
const at = '2025-07-01T08:00:00+07:00';
const established = (unitId: string, name: string): UnitEvent => ({
  type: 'UnitEstablished',
  data: { unitId, name, kind: 'chi_cuc', shortNames: [] },
});
const ccqldd = established('ccqldd', 'Chi cục Quản lý đất đai');
const vpdkdd = established('vpdkdd', 'Văn phòng Đăng ký đất đai');
const merged: UnitEvent = {
  type: 'UnitMergedInto',
  data: { unitId: 'vpdkdd', intoUnitId: 'ccqldd', decisionRef: '12/QĐ-UBND' },
};

describe('unit decider', () => {
  it('establishes a unit once', () => {
    spec
      .given([])
      .when({
        type: 'EstablishUnit',
        unitId: 'ccqldd',
        name: 'Chi cục Quản lý đất đai',
        kind: 'chi_cuc',
        shortNames: [],
        at,
      })
      .then([ccqldd]);
    spec
      .given([ccqldd])
      .when({ type: 'EstablishUnit', unitId: 'ccqldd', name: 'X', kind: 'phong', shortNames: [], at })
      .thenRefusedWith('UNIT_ALREADY_ESTABLISHED', { unitId: 'ccqldd' });
  });

  it('merges into an active unit', () => {
    spec
      .given([ccqldd, vpdkdd])
      .when({ type: 'MergeUnit', unitId: 'vpdkdd', intoUnitId: 'ccqldd', decisionRef: '12/QĐ-UBND', at })
      .then([merged]);
  });

  it('refuses a merge into an unknown unit', () => {
    spec
      .given([vpdkdd])
      .when({ type: 'MergeUnit', unitId: 'vpdkdd', intoUnitId: 'khong-co', decisionRef: '12/QĐ-UBND', at })
      .thenRefusedWith('MERGE_TARGET_UNKNOWN', { unitId: 'vpdkdd' });
  });

  it('refuses a merge into an inactive unit', () => {
    const phong = established('phong-mt', 'Phòng Môi trường');
    spec
      .given([ccqldd, vpdkdd, phong, merged])
      .when({ type: 'MergeUnit', unitId: 'phong-mt', intoUnitId: 'vpdkdd', decisionRef: '13/QĐ-UBND', at })
      .thenRefusedWith('MERGE_TARGET_INACTIVE', { unitId: 'phong-mt' });
  });

  it('refuses anything from a unit that was merged away, and a merge into itself', () => {
    spec
      .given([ccqldd, vpdkdd, merged])
      .when({ type: 'RecordCriticism', unitId: 'vpdkdd', reason: 'Chậm báo cáo', at })
      .thenRefusedWith('UNIT_INACTIVE');
    spec
      .given([ccqldd])
      .when({ type: 'MergeUnit', unitId: 'ccqldd', intoUnitId: 'ccqldd', decisionRef: 'x', at })
      .thenRefusedWith('MERGE_INTO_SELF');
  });

  it('records a periodic report once per period, in its year', () => {
    const q1: UnitEvent = { type: 'PeriodicReportSubmitted', data: { unitId: 'ccqldd', year: 2025, period: 'Q1' } };
    spec
      .given([ccqldd])
      .when({
        type: 'SubmitPeriodicReport',
        unitId: 'ccqldd',
        year: 2025,
        period: 'Q1',
        at: '2025-03-08T10:00:00+07:00',
      })
      .then([q1]);
    spec
      .given([ccqldd, q1])
      .when({ type: 'SubmitPeriodicReport', unitId: 'ccqldd', year: 2025, period: 'Q1', at })
      .thenRefusedWith('REPORT_ALREADY_SUBMITTED');
    spec
      .given([ccqldd])
      .when({
        type: 'SubmitPeriodicReport',
        unitId: 'ccqldd',
        year: 2025,
        period: 'Y',
        at: '2024-12-30T10:00:00+07:00',
      })
      .thenRefusedWith('OUTSIDE_PLAN_YEAR', { unitId: 'ccqldd' });
  });

  it('splits into active units only', () => {
    const a = established('a', 'Đơn vị A');
    const b = established('b', 'Đơn vị B');
    spec
      .given([ccqldd, a, b])
      .when({ type: 'SplitUnit', unitId: 'ccqldd', intoUnitIds: ['a', 'b'], decisionRef: '9/QĐ', at })
      .then([
        {
          type: 'UnitSplit',
          data: { unitId: 'ccqldd', intoUnitIds: ['a', 'b'], assignmentsTo: 'a', decisionRef: '9/QĐ' },
        },
      ]);
    spec
      .given([ccqldd, a])
      .when({ type: 'SplitUnit', unitId: 'ccqldd', intoUnitIds: ['a', 'zz'], decisionRef: '9/QĐ', at })
      .thenRefusedWith('SPLIT_TARGET_INVALID');
  });

  it('renames, keeping the previous name in the event', () => {
    spec
      .given([ccqldd])
      .when({ type: 'RenameUnit', unitId: 'ccqldd', name: 'Chi cục Quản lý đất đai và Đo đạc', at })
      .then([
        {
          type: 'UnitRenamed',
          data: {
            unitId: 'ccqldd',
            name: 'Chi cục Quản lý đất đai và Đo đạc',
            previousName: 'Chi cục Quản lý đất đai',
          },
        },
      ]);
    spec
      .given([ccqldd])
      .when({ type: 'RenameUnit', unitId: 'ccqldd', name: 'Chi cục Quản lý đất đai', at })
      .thenRefusedWith('NAME_UNCHANGED');
  });

  it('refuses sanctions, criticisms and initiatives for an unknown unit', () => {
    spec
      .given([])
      .when({ type: 'RecordSanction', unitId: 'x', kind: 'khien_trach', reason: 'r', at })
      .thenRefusedWith('UNIT_UNKNOWN', { unitId: 'x' });
    spec
      .given([])
      .when({ type: 'RecordCriticism', unitId: 'x', reason: 'r', at })
      .thenRefusedWith('UNIT_UNKNOWN', { unitId: 'x' });
    spec
      .given([])
      .when({ type: 'RecogniseInitiative', unitId: 'x', level: 'department', title: 't', at })
      .thenRefusedWith('UNIT_UNKNOWN', { unitId: 'x' });
    spec
      .given([ccqldd])
      .when({ type: 'RecogniseInitiative', unitId: 'ccqldd', level: 'province', title: 'Số hóa hồ sơ địa chính', at })
      .then([
        {
          type: 'InitiativeRecognised',
          data: { unitId: 'ccqldd', level: 'province', title: 'Số hóa hồ sơ địa chính' },
        },
      ]);
  });
});
