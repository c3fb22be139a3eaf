import { describe, expect, it } from 'vitest';
import { exampleRegistry } from '../testing/seed-fixture.ts';
import { type AssignmentResolution, parseAssignment } from './assignment-text.ts';
import { unitsInScope } from './unit-registry.ts';

const registry = exampleRegistry();
const ALL = unitsInScope(registry, 'all_units');
const PHONG = unitsInScope(registry, 'all_phong');
const without = (ids: string[], ...removed: string[]): string[] => ids.filter((id) => !removed.includes(id));

function roles(r: AssignmentResolution): Record<string, unknown> {
  return {
    lead: [...r.lead].sort(),
    coordinators: [...r.coordinators].sort(),
    leadScope: r.leadScope,
    coordinatorScope: r.coordinatorScope,
  };
}

function expectRoles(
  text: string,
  lead: string[],
  coordinators: string[],
  leadScope?: string,
  coordinatorScope?: string,
): AssignmentResolution {
  const r = parseAssignment(text, registry);
  expect(roles(r)).toEqual({
    lead: [...lead].sort(),
    coordinators: [...coordinators].sort(),
    leadScope,
    coordinatorScope,
  });
  return r;
}

const codes = (r: AssignmentResolution): string[] => r.issues.map((i) => i.code);

describe('parseAssignment: labelled cells', () => {
  it('"- Đơn vị chủ trì: X - Đơn vị phối hợp: Y" with a group coordinator', () => {
    const r = expectRoles(
      '- Đơn vị chủ trì: Văn phòng Sở - Đơn vị phối hợp: Các phòng, đơn vị thuộc Sở',
      ['vp-so'],
      without(ALL, 'vp-so'),
      undefined,
      'all_units',
    );
    expect(r.issues).toEqual([]);
  });

  it('a group lead makes way for the unit named as coordinator', () => {
    expectRoles(
      '<ul style="list-style-type: none"> - Đơn vị chủ trì: Các phòng, đơn vị thuộc Sở - Đơn vị phối hợp: Văn phòng Sở',
      without(ALL, 'vp-so'),
      ['vp-so'],
      'all_units',
    );
  });

  it('"Các phòng thuộc Sở" as coordinators is the phòng only', () => {
    expectRoles(
      '- Đơn vị chủ trì: Văn phòng Sở - Đơn vị phối hợp: Các phòng thuộc Sở',
      ['vp-so'],
      PHONG,
      undefined,
      'all_phong',
    );
  });

  it('labels work with a short name and NFD text', () => {
    expectRoles(
      '- Đơn vị chủ trì: TTCNTT TNMT - Đơn vị phối hợp: Các phòng, đơn vị thuộc Sở'.normalize('NFD'),
      ['tt-cntt-tnmt'],
      without(ALL, 'tt-cntt-tnmt'),
      undefined,
      'all_units',
    );
  });

  it('several units under one label, and an unknown one named in a warning', () => {
    const r = expectRoles(
      'Đơn vị chủ trì: Phòng Môi trường; Sở Y tế - Đơn vị phối hợp: Thanh tra Sở, Chi cục Biển và Hải đảo',
      ['phong-moi-truong'],
      ['thanh-tra-so', 'chi-cuc-bien-hai-dao'],
    );
    expect(codes(r)).toEqual(['UNKNOWN_UNIT']);
    expect(r.issues[0]?.message).toContain('“Sở Y tế”');
  });

  it('an empty lead label warns that there is no lead', () => {
    const r = expectRoles('Đơn vị chủ trì: - Đơn vị phối hợp: Văn phòng Sở', [], ['vp-so']);
    expect(codes(r)).toContain('NO_LEAD');
  });
});

describe('parseAssignment: free text found in the seed plan', () => {
  it('"X chủ trì, phối hợp với các đơn vị có liên quan …": coordinators to be named', () => {
    const r = expectRoles(
      'Văn phòng Sở chủ trì, phối hợp với các đơn vị có liên quan xây dựng Đề án, gửi Sở Nội vụ thẩm định, trình UBND tỉnh',
      ['vp-so'],
      [],
      undefined,
      'relevant_to_be_named',
    );
    expect(codes(r)).toEqual(['UNITS_TO_BE_NAMED']);
  });

  it('"X chủ trì thực hiện. Các phòng, đơn vị phối hợp."', () => {
    expectRoles(
      'TTCNTT TNMT chủ trì thực hiện. Các phòng, đơn vị phối hợp.',
      ['tt-cntt-tnmt'],
      without(ALL, 'tt-cntt-tnmt'),
      undefined,
      'all_units',
    );
  });

  it('"X thực hiện." and a bare "X" lead', () => {
    expectRoles('Văn phòng Sở thực hiện.', ['vp-so'], []);
    expectRoles('Văn phòng Sở', ['vp-so'], []);
    expectRoles('Văn phòng Sở triển khai theo Đề án được phê duyệt', ['vp-so'], []);
  });

  it('"X; Y phối hợp với các cơ quan có liên quan (khi có yêu cầu)": X and Y lead, outside bodies to be named', () => {
    const r = expectRoles(
      'Phòng Đo đạc Bản đồ; Chi Cục Quản lý đất đai phối hợp với các cơ quan có liên quan (khi có yêu cầu)',
      ['phong-do-dac-ban-do', 'chi-cuc-qldd'],
      [],
      undefined,
      'relevant_to_be_named',
    );
    expect(codes(r).sort()).toEqual(['ASSIGNMENT_ROLES_INFERRED', 'UNITS_TO_BE_NAMED']);
    expect(r.issues.find((i) => i.code === 'ASSIGNMENT_ROLES_INFERRED')?.severity).toBe('info');
  });

  it('"Các phòng, đơn vị có liên quan" alone: lead to be named, with a warning', () => {
    const r = expectRoles('Các phòng, đơn vị có liên quan', [], [], 'relevant_to_be_named');
    expect(codes(r)).toEqual(['UNITS_TO_BE_NAMED']);
    expect(r.issues[0]?.severity).toBe('warning');
  });

  it('"Các phòng, đơn vị" and "Các phòng, đơn vị, tổ chức triển khai thực hiện": all units lead', () => {
    expectRoles('Các phòng, đơn vị', ALL, [], 'all_units');
    expectRoles('Các phòng, đơn vị, tổ chức triển khai thực hiện', ALL, [], 'all_units');
  });

  it('"X chủ trì, Các phòng, đơn vị, tổ chức triển khai thực hiện": the others coordinate', () => {
    expectRoles(
      'Văn phòng Sở chủ trì, Các phòng, đơn vị, tổ chức triển khai thực hiện',
      ['vp-so'],
      without(ALL, 'vp-so'),
      undefined,
      'all_units',
    );
  });

  it('"X chủ trì; các phòng đơn vị phối hợp." (missing comma)', () => {
    expectRoles(
      'Văn phòng Sở chủ trì; các phòng đơn vị phối hợp.',
      ['vp-so'],
      without(ALL, 'vp-so'),
      undefined,
      'all_units',
    );
  });

  it('"X, Các phòng, đơn vị liên quan trong việc sáp nhập chủ trì …": X leads, the rest are to be named', () => {
    const r = expectRoles(
      'Văn phòng Sở, Các phòng, đơn vị liên quan trong việc sáp nhập chủ trì nghiên cứu triển khai',
      ['vp-so'],
      [],
      'relevant_to_be_named',
    );
    expect(codes(r)).toEqual(['UNITS_TO_BE_NAMED']);
  });

  it('bullet steps without roles: every actor leads, with an info note', () => {
    const r = expectRoles(
      '<ul style="list-style-type: none"> - Các phòng thuộc Sở chủ động rà soát, đề xuất tái cấu trúc các TTHC, dịch vụ công - Văn phòng Sở tổng hợp, trình cấp có thẩm quyền quyết định.',
      [...PHONG, 'vp-so'],
      [],
      'all_phong',
    );
    expect(codes(r)).toEqual(['ASSIGNMENT_ROLES_INFERRED']);
  });
});

describe('parseAssignment: other shapes', () => {
  it('a hyphen inside a unit name is not a bullet', () => {
    expectRoles('Phòng Quản lý Tài nguyên nước - Khí tượng thủy văn chủ trì', ['phong-tnn-kttv'], []);
  });

  it('an unknown subject is named in a warning and leaves no lead', () => {
    const r = expectRoles('Sở Nội vụ chủ trì, phối hợp với Văn phòng Sở', [], ['vp-so']);
    expect(codes(r).sort()).toEqual(['NO_LEAD', 'UNKNOWN_UNIT']);
    expect(r.issues.find((i) => i.code === 'UNKNOWN_UNIT')?.message).toContain('“Sở Nội vụ”');
  });

  it('an unknown capitalised name in a list is reported, not dropped', () => {
    const r = expectRoles('Văn phòng Sở, Phòng Kế hoạch Tài chính chủ trì', ['vp-so'], []);
    expect(r.issues.map((i) => i.message)).toEqual([expect.stringContaining('“Phòng Kế hoạch Tài chính”')]);
  });

  it('an unknown partner after "phối hợp với" is reported', () => {
    const r = expectRoles('Văn phòng Sở chủ trì, phối hợp với Sở Tài chính', ['vp-so'], []);
    expect(r.issues.map((i) => i.message).join()).toContain('“Sở Tài chính”');
  });

  it('a unit named both as lead and coordinator keeps the lead role, with a warning', () => {
    const r = expectRoles(
      'Đơn vị chủ trì: Văn phòng Sở - Đơn vị phối hợp: Văn phòng Sở, Thanh tra Sở',
      ['vp-so'],
      ['thanh-tra-so'],
    );
    expect(codes(r)).toEqual(['ROLE_CONFLICT']);
  });

  it('"X phối hợp" alone coordinates and leaves no lead', () => {
    const r = expectRoles('Thanh tra Sở phối hợp.', [], ['thanh-tra-so']);
    expect(codes(r)).toEqual(['NO_LEAD']);
  });

  it('an empty cell is a warning', () => {
    const r = expectRoles('  <br/> ', [], []);
    expect(codes(r)).toEqual(['NO_ASSIGNMENT']);
  });

  it('text without any unit is a warning naming it', () => {
    const r = expectRoles('Theo phân công của Giám đốc', [], []);
    expect(codes(r).sort()).toEqual(['NO_LEAD', 'UNKNOWN_UNIT']);
  });
});
