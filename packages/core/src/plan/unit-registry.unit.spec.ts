import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors/cchc-error.ts';
import { exampleUnitsJson } from '../testing/seed-fixture.ts';
import {
  createUnitRegistry,
  findUnitMentions,
  foldText,
  parseUnitRegistry,
  prepareMatchText,
  resolveUnitPhrase,
  type UnitDefinition,
  unitsFileSchema,
  unitsInScope,
} from './unit-registry.ts';

const exampleJson = exampleUnitsJson();
const registry = parseUnitRegistry(exampleJson);

const TOP_LEVEL = [
  'vp-so',
  'thanh-tra-so',
  'chi-cuc-qldd',
  'vp-dkdd',
  'phong-do-dac-ban-do',
  'phong-tnn-kttv',
  'phong-moi-truong',
  'phong-khoang-san',
  'chi-cuc-bien-hai-dao',
  'tt-cntt-tnmt',
  'tt-quan-trac-tnmt',
];
const PHONG = ['thanh-tra-so', 'phong-do-dac-ban-do', 'phong-tnn-kttv', 'phong-moi-truong', 'phong-khoang-san'];

function unit(partial: Partial<UnitDefinition> & { id: string }): Record<string, unknown> {
  return { name: partial.id, shortNames: [], aliases: [], kind: 'phong', ...partial };
}

function issuesOf(value: unknown): string[] {
  try {
    parseUnitRegistry(value);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).issues.map((i) => `${i.path}: ${i.message}`);
  }
  return [];
}

describe('fixtures/units.example.json', () => {
  it('is marked as an example with a note telling to edit it', () => {
    expect(registry.example).toBe(true);
    const file = unitsFileSchema.parse(exampleJson);
    expect(file.note).toMatch(/sửa/u);
    expect(file.note).toMatch(/edit/u);
  });

  it('holds every unit the seed plan names, and a few branches of the land registration office', () => {
    for (const id of [
      'vp-so',
      'chi-cuc-qldd',
      'vp-dkdd',
      'phong-do-dac-ban-do',
      'tt-cntt-tnmt',
      'thanh-tra-so',
      'phong-tnn-kttv',
      'phong-moi-truong',
      'chi-cuc-bien-hai-dao',
      'tt-quan-trac-tnmt',
    ]) {
      expect(registry.byId.has(id), id).toBe(true);
    }
    const branches = registry.units.filter((u) => u.kind === 'chi_nhanh');
    expect(branches.length).toBeGreaterThanOrEqual(3);
    for (const b of branches) {
      expect(b.parent).toBe('vp-dkdd');
      expect(b.name).toMatch(/^Chi nhánh Văn phòng Đăng ký đất đai /u);
    }
  });

  it('ids are lowercase slugs', () => {
    for (const u of registry.units) expect(u.id).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/u);
  });
});

describe('unitsFileSchema validation', () => {
  it('accepts a minimal file, defaulting shortNames and aliases', () => {
    const reg = parseUnitRegistry({ units: [{ id: 'vp-so', name: 'Văn phòng Sở', kind: 'van_phong' }] });
    expect(reg.example).toBe(false);
    expect(reg.byId.get('vp-so')).toEqual({
      id: 'vp-so',
      name: 'Văn phòng Sở',
      shortNames: [],
      aliases: [],
      kind: 'van_phong',
    });
  });

  it('rejects duplicate ids', () => {
    expect(issuesOf({ units: [unit({ id: 'a' }), unit({ id: 'a', name: 'other' })] }).join()).toMatch(
      /units\[1\]\.id: .*duplicate unit id: a/u,
    );
  });

  it('rejects a parent that does not exist, a self parent and a parent cycle', () => {
    expect(issuesOf({ units: [unit({ id: 'a', parent: 'zz' })] }).join()).toMatch(
      /units\[0\]\.parent: .*parent unit does not exist: zz/u,
    );
    expect(issuesOf({ units: [unit({ id: 'a', parent: 'a' })] }).join()).toMatch(/own parent/u);
    expect(issuesOf({ units: [unit({ id: 'a', parent: 'b' }), unit({ id: 'b', parent: 'a' })] }).join()).toMatch(
      /loops/u,
    );
  });

  it('rejects a branch without a parent', () => {
    expect(issuesOf({ units: [unit({ id: 'cn', kind: 'chi_nhanh' })] }).join()).toMatch(
      /branch \(chi_nhanh\) needs a parent/u,
    );
  });

  it('rejects ids that are not lowercase slugs, unknown kinds, empty names and unknown fields', () => {
    expect(issuesOf({ units: [unit({ id: 'VP_So' })] }).join()).toMatch(/units\[0\]\.id/u);
    expect(issuesOf({ units: [{ ...unit({ id: 'a' }), kind: 'ban' }] }).join()).toMatch(/units\[0\]\.kind/u);
    expect(issuesOf({ units: [unit({ id: 'a', name: '  ' })] }).join()).toMatch(/units\[0\]\.name/u);
    expect(issuesOf({ units: [{ ...unit({ id: 'a' }), colour: 'red' }] }).length).toBeGreaterThan(0);
    expect(issuesOf({ units: [] }).join()).toMatch(/at least one unit/u);
    expect(issuesOf('not json object').length).toBeGreaterThan(0);
  });

  it('rejects two units sharing a name once case and diacritics are ignored', () => {
    const issues = issuesOf({
      units: [unit({ id: 'a', name: 'Phòng Môi trường' }), unit({ id: 'b', name: 'x', aliases: ['PHONG MOI TRUONG'] })],
    });
    expect(issues.join()).toMatch(/also used by a/u);
  });
});

describe('foldText', () => {
  it('drops case and diacritics, keeps offsets', () => {
    const display = 'Chi Cục Quản lý Đất đai – Khánh Hòa';
    const folded = foldText(display);
    expect(folded).toBe('chi cuc quan ly dat dai - khanh hoa');
    expect(folded.length).toBe(display.length);
  });
});

describe('resolveUnitPhrase', () => {
  it.each([
    ['Văn phòng Sở', ['vp-so']],
    ['văn phòng sở', ['vp-so']],
    ['VĂN PHÒNG SỞ', ['vp-so']],
    ['Van phong So', ['vp-so']],
    ['  Văn   phòng\u00a0Sở  ', ['vp-so']],
    ['Văn phòng Sở'.normalize('NFD'), ['vp-so']],
    ['Chi Cục Quản lý đất đai', ['chi-cuc-qldd']],
    ['Chi cục Quản lý đất đai', ['chi-cuc-qldd']],
    ['TTCNTT TNMT', ['tt-cntt-tnmt']],
    ['Phòng Đo đạc Bản đồ', ['phong-do-dac-ban-do']],
    ['Phòng Đo đạc, Bản đồ và Viễn thám', ['phong-do-dac-ban-do']],
    ['Phòng Quản lý Tài nguyên nước - Khí tượng thủy văn', ['phong-tnn-kttv']],
    ['Văn phòng Đăng ký đất đai Khánh Hòa', ['vp-dkdd']],
    ['Chi nhánh Văn phòng Đăng ký đất đai Nha Trang', ['cn-vpdkdd-nha-trang']],
    ['Phòng Đo đạc Bản đồ; Chi Cục Quản lý đất đai', ['phong-do-dac-ban-do', 'chi-cuc-qldd']],
    ['Văn phòng Sở và Thanh tra Sở', ['vp-so', 'thanh-tra-so']],
    ['Văn phòng Sở, Văn phòng Sở', ['vp-so']],
  ])('%j → %j', (phrase, ids) => {
    expect(resolveUnitPhrase(phrase, registry)).toEqual({ unitIds: ids, warnings: [] });
  });

  it.each([
    'Các phòng, đơn vị thuộc Sở',
    'Các phòng, đơn vị',
    'toàn thể các phòng, đơn vị',
    'các phòng đơn vị',
    'Các đơn vị thuộc Sở',
    'các chi cục, phòng chuyên môn và đơn vị thuộc Sở',
  ])('%j → all top-level units, branches excluded', (phrase) => {
    const r = resolveUnitPhrase(phrase, registry);
    expect(r.scope).toBe('all_units');
    expect([...r.unitIds].sort()).toEqual([...TOP_LEVEL].sort());
    expect(r.unitIds.some((id) => id.startsWith('cn-'))).toBe(false);
    expect(r.warnings).toEqual([]);
  });

  it.each(['Các phòng thuộc Sở', 'các phòng chuyên môn thuộc Sở', 'Các phòng chuyên môn'])(
    '%j → all phòng',
    (phrase) => {
      const r = resolveUnitPhrase(phrase, registry);
      expect(r.scope).toBe('all_phong');
      expect([...r.unitIds].sort()).toEqual([...PHONG].sort());
    },
  );

  it.each([
    'Các phòng, đơn vị có liên quan',
    'các đơn vị có liên quan',
    'các cơ quan có liên quan',
    'Các phòng, đơn vị liên quan',
    'các cơ quan, đơn vị có liên quan',
  ])('%j → relevant, to be named: no unit, a warning', (phrase) => {
    const r = resolveUnitPhrase(phrase, registry);
    expect(r.scope).toBe('relevant_to_be_named');
    expect(r.unitIds).toEqual([]);
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toContain(phrase);
    expect(r.warnings[0]).toMatch(/ — /u);
  });

  it('a named unit plus a group: the group wins the scope, ids are the union', () => {
    const r = resolveUnitPhrase('Văn phòng Sở, các phòng thuộc Sở', registry);
    expect(r.scope).toBe('all_phong');
    expect(r.unitIds).toEqual(['vp-so', ...PHONG]);
  });

  it('an unknown name gives a warning naming the text, known names around it still resolve', () => {
    const r = resolveUnitPhrase('Văn phòng Sở, Phòng Kế hoạch - Tài chính và Chi cục Quản lý đất đai', registry);
    expect(r.unitIds).toEqual(['vp-so', 'chi-cuc-qldd']);
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toContain('“Phòng Kế hoạch - Tài chính”');
  });

  it('does not match a name inside a longer word', () => {
    const r = resolveUnitPhrase('Văn phòng Sởx', registry);
    expect(r.unitIds).toEqual([]);
    expect(r.warnings[0]).toContain('Văn phòng Sởx');
  });

  it('an empty phrase names no unit', () => {
    const r = resolveUnitPhrase('  ', registry);
    expect(r.unitIds).toEqual([]);
    expect(r.warnings).toHaveLength(1);
  });
});

describe('unitsInScope and mentions', () => {
  it('branches and other child units belong to their parent, not to "all units"', () => {
    const reg = createUnitRegistry(
      unitsFileSchema.parse({
        units: [
          { id: 'a', name: 'Văn phòng Sở', kind: 'van_phong' },
          { id: 'b', name: 'Phòng Môi trường', kind: 'phong' },
          { id: 'c', name: 'Chi nhánh X', kind: 'chi_nhanh', parent: 'a' },
          { id: 'd', name: 'Phòng Y', kind: 'phong', parent: 'a' },
        ],
      }),
    );
    expect(unitsInScope(reg, 'all_units')).toEqual(['a', 'b']);
    expect(unitsInScope(reg, 'all_phong')).toEqual(['b']);
    expect(unitsInScope(reg, 'relevant_to_be_named')).toEqual([]);
  });

  it('finds names inside free text, keeping the text as written', () => {
    const mentions = findUnitMentions(
      prepareMatchText('TTCNTT TNMT chủ trì thực hiện. Các phòng, đơn vị phối hợp.'),
      registry,
    );
    expect(mentions.map((m) => [m.text, m.unitId ?? m.scope])).toEqual([
      ['TTCNTT TNMT', 'tt-cntt-tnmt'],
      ['Các phòng, đơn vị', 'all_units'],
    ]);
  });
});
