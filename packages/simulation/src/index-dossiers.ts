import { hash } from 'node:crypto';
import {
  type CriteriaSet,
  criteriaSetOf,
  DecisionEngine,
  type EventStore,
  type EvidenceCommand,
  EXAMPLE_CRITERIA_SET,
  type IndexCommand,
  leavesOf,
  RuleViolationError,
  STANDARD_STREAMS,
} from '@cchc/core';
import { Random } from './random.ts';

/** Why every simulated dossier event is a backfill. */
const SIMULATED = 'hồ sơ chấm điểm mô phỏng / a simulated index dossier';

/** One scripted command of a department's index workflow, who gives it and when it is known. */
export interface DossierStep {
  readonly command: IndexCommand | EvidenceCommand;
  readonly actor: string;
  readonly recordedAt: string;
}

/** What the script decided, to check the index against by hand. */
export interface DossierFacts {
  readonly departmentId: string;
  /** The evidence files' contents, by SHA-256 (to store the bytes, if wanted). */
  readonly evidence: ReadonlyMap<string, string>;
  /** Σ manual self-scores; Σ manual points after appraisal; Σ survey results. */
  readonly manualSelf: number;
  readonly manualAppraised: number;
  readonly survey: number;
  readonly submittedLate: boolean;
  readonly requests: number;
}

export interface ScriptedDossier {
  readonly facts: DossierFacts;
  readonly steps: readonly DossierStep[];
}

export interface IndexDossierOptions {
  readonly seed: number;
  /** How many departments: `so-sim-001` … */
  readonly departments: number;
  /** Default: the example set. */
  readonly criteriaSet?: CriteriaSet;
}

/** Local time (UTC+7) of a day of the set's year or the next: `dayOf(12, 5)` is 5 December 09:00. */
const local = (year: number, month: number, day: number, hour = 9) =>
  new Date(Date.UTC(year, month - 1, day, hour - 7)).toISOString();
/** Points in quarter steps between `low` and `high` of a maximum (councils score in 0.25s). */
const quarterPoints = (random: Random, max: number, low: number, high: number) =>
  Math.min(max, Math.round(((max * random.int(Math.round(low * 100), Math.round(high * 100))) / 100) * 4) / 4);

/**
 * A department's index workflow for the set's year, decided by a seeded random source: evidence
 * files added, every manual criterion self-scored with evidence (early December), the dossier
 * submitted (late in one case of ten), in four cases of ten a request for explanation and its
 * answer, one to three criteria appraised down with a reason (January), the survey entered. The
 * same seed gives the same commands; publishing needs the computed index and is the caller's.
 */
export function scriptIndexDossier(set: CriteriaSet, departmentId: string, random: Random): ScriptedDossier {
  const year = set.year;
  const subject = { departmentId, year };
  const office = `sim:office:${departmentId}`;
  const council = 'sim:appraiser:so-noi-vu';
  const steps: DossierStep[] = [];
  const evidence = new Map<string, string>();
  const files: string[] = [];
  const fileCount = random.int(1, 3);
  for (let i = 1; i <= fileCount; i++) {
    const content = `%PDF-1.4\n${departmentId} ${year} tài liệu kiểm chứng ${i}\n%%EOF\n`;
    const sha256 = hash('sha256', content, 'hex');
    evidence.set(sha256, content);
    files.push(sha256);
    steps.push({
      actor: office,
      recordedAt: local(year, 12, 1, 8 + i),
      command: {
        type: 'AddEvidenceFile',
        sha256,
        fileName: `kiem-chung-${i}.pdf`,
        size: Buffer.byteLength(content),
        mediaType: 'application/pdf',
        planYear: year,
        at: local(year, 12, 1, 8 + i),
      },
    });
  }
  const leaves = leavesOf(set);
  const manual = leaves.filter((l) => l.method === 'manual');
  const self = new Map<string, number>();
  for (const l of manual) {
    const value = quarterPoints(random, l.max, 0.5, 1);
    self.set(l.id, value);
    const at = local(year, 12, random.int(2, 12));
    steps.push({
      actor: office,
      recordedAt: at,
      command: {
        type: 'SelfScoreCriterion',
        ...subject,
        criteriaSetId: set.id,
        criteriaSetVersion: set.version,
        criterionId: l.id,
        value,
        evidenceFiles: [random.pick(files)],
        at,
      },
    });
  }
  const late = random.chance(0.1);
  const submittedOn = late ? random.int(16, 20) : 13;
  steps.push({
    actor: office,
    recordedAt: local(year, 12, submittedOn, 10),
    command: { type: 'SubmitIndexDossier', ...subject, at: local(year, 12, submittedOn, 10) },
  });
  let requests = 0;
  if (random.chance(0.4)) {
    requests = 1;
    const asked = random.pick(manual).id;
    const requestId = `gt-${departmentId}-1`;
    const askedAt = local(year, 12, 22);
    const answeredAt = local(year, 12, 22 + random.int(1, 4));
    steps.push(
      {
        actor: council,
        recordedAt: askedAt,
        command: {
          type: 'RequestExplanation',
          ...subject,
          requestId,
          criterionId: asked,
          question: `Bổ sung tài liệu kiểm chứng tiêu chí ${asked}`,
          at: askedAt,
        },
      },
      {
        actor: office,
        recordedAt: answeredAt,
        command: {
          type: 'AnswerExplanation',
          ...subject,
          requestId,
          answer: 'Đã bổ sung tài liệu',
          evidenceFiles: [random.pick(files)],
          at: answeredAt,
        },
      },
    );
  }
  const appraised = new Map(self);
  const count = random.int(1, 3);
  for (let i = 0; i < count; i++) {
    const l = random.pick(manual);
    const value = Math.max(0, appraised.get(l.id)! - random.int(1, 4) * 0.25);
    appraised.set(l.id, value);
    const at = local(year + 1, 1, 5 + 3 * i);
    steps.push({
      actor: council,
      recordedAt: at,
      command: { type: 'AppraiseCriterion', ...subject, criterionId: l.id, value, reason: 'Tài liệu chưa đủ', at },
    });
  }
  const results = leaves
    .filter((l) => l.method === 'survey')
    .map((l) => ({ criterionId: l.id, value: quarterPoints(random, l.max, 0.6, 1) }));
  const surveyAt = local(year + 1, 1, 25);
  steps.push({
    actor: council,
    recordedAt: surveyAt,
    command: { type: 'EnterSurveyResults', ...subject, results, source: 'Điều tra XHH (mô phỏng)', at: surveyAt },
  });
  const total = (m: ReadonlyMap<string, number>) => [...m.values()].reduce((a, v) => a + v, 0);
  return {
    facts: {
      departmentId,
      evidence,
      manualSelf: total(self),
      manualAppraised: total(appraised),
      survey: results.reduce((a, r) => a + r.value, 0),
      submittedLate: late,
      requests,
    },
    // In the order they happen (stable: same-instant steps keep the scripted order).
    steps: steps
      .map((step, n) => ({ step, n }))
      .sort((a, b) => a.step.recordedAt.localeCompare(b.step.recordedAt) || a.n - b.n)
      .map((x) => x.step),
  };
}

export const simulatedDepartmentId = (k: number): string => `so-sim-${String(k).padStart(3, '0')}`;

/** N departments' dossiers, each from its own random stream of the seed. */
export function scriptIndexDossiers(options: IndexDossierOptions): ScriptedDossier[] {
  const set = options.criteriaSet ?? criteriaSetOf(EXAMPLE_CRITERIA_SET)!;
  return Array.from({ length: options.departments }, (_, i) =>
    scriptIndexDossier(set, simulatedDepartmentId(i + 1), new Random((options.seed * 104_729 + i + 1) >>> 0)),
  );
}

export interface IndexDossierResult {
  readonly dossiers: readonly DossierFacts[];
  readonly events: number;
  /** Scripted commands a rule refused, by rule code (none expected). */
  readonly refused: Readonly<Record<string, number>>;
}

/**
 * Writes N departments' dossiers through the decision engine, as backfill known at each step's
 * instant, in one atomic batch per department. Event ids derive from `simidx-<seed>-<department>-<n>`,
 * so a second run appends nothing. Only the hashes of the evidence files are recorded; their bytes
 * are in `facts.evidence` for a caller that keeps an evidence store.
 */
export async function simulateIndexDossiers(
  store: EventStore,
  options: IndexDossierOptions,
): Promise<IndexDossierResult> {
  const engine = new DecisionEngine(store);
  const refused: Record<string, number> = {};
  let events = 0;
  const dossiers = scriptIndexDossiers(options);
  for (const dossier of dossiers) {
    const batch = engine.begin();
    for (const [n, step] of dossier.steps.entries()) {
      const verdict = await batch.stage({
        command: step.command,
        context: {
          actor: step.actor,
          source: 'simulation',
          commandId: `simidx-${options.seed}-${dossier.facts.departmentId}-${n}`,
          backfill: { knownAt: step.recordedAt, reason: SIMULATED },
        },
        streams: STANDARD_STREAMS,
      });
      if (verdict.kind === 'refused') {
        if (!(verdict.error instanceof RuleViolationError)) throw verdict.error;
        refused[verdict.error.rule] = (refused[verdict.error.rule] ?? 0) + 1;
      }
    }
    const result = await batch.append();
    if (!result.idempotentReplay) events += result.eventCount;
  }
  return { dossiers: dossiers.map((d) => d.facts), events, refused };
}
