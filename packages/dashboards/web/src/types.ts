import type {
  AssignmentExplanation,
  Ranking as ComputedRanking,
  RankingRow,
  ReportExplanation,
  UnitExplanation,
} from '@cchc/projections';

/**
 * The parts of the API's answers the dashboard reads (see packages/api/src/routes). Where the API
 * answers a projections type as it is, that type is used (type-only: nothing of it is bundled).
 */
export type { AssignmentExplanation, RankingRow };

export interface Plan {
  readonly planId: string;
  readonly year: number;
  readonly title: string;
}

export interface Publication {
  readonly eventId: string;
  readonly position: number;
  readonly inputsHash: string;
  readonly recordedAt: string;
  readonly sameResult: boolean;
}

/** GET /v1/rankings/:year: the computed ranking and its publications at the same instant. */
export type Ranking = ComputedRanking & { readonly published: readonly Publication[] };

/** A periodic report due by the instant, as GET /v1/reports lists them (the explanation's, with the unit). */
export type ReportItem = ReportExplanation & { readonly unitId: string };

/** GET /v1/units/:unitId/explanation answers explainUnit's result as it is. */
export type Explanation = UnitExplanation;

export interface Assignment {
  readonly taskId: string;
  readonly area: string;
  readonly title: string;
  readonly role: string;
  readonly unitId: string;
  readonly status: string;
  readonly statusCode: string | null;
  readonly due: string | null;
  readonly completedOn: string | null;
  readonly overdue: boolean;
  readonly score: number | null;
}

export interface Page<T> {
  readonly items: readonly T[];
  readonly nextCursor: string | null;
  readonly position: number;
}

export interface StoredEvent {
  readonly eventId: string;
  readonly streamRevision: number;
  readonly globalPosition: number;
  readonly type: string;
  readonly occurredAt: string;
  readonly recordedAt: string;
  readonly metadata: { readonly actor: string; readonly source: string };
  readonly data: Record<string, unknown>;
  readonly hash: string;
  readonly backDated: boolean;
  readonly backfilled: boolean;
}

export interface TaskDetail {
  readonly taskId: string;
  readonly area: string;
  readonly title: string;
  readonly product: string | null;
  readonly deadlineText: string | null;
  readonly leadScope: string | null;
  readonly streamId: string;
  readonly assignments: readonly Assignment[];
  readonly events: readonly StoredEvent[];
}

export interface UnitChange {
  readonly change: 'renamed' | 'merged' | 'split';
  readonly name: string | null;
  readonly previousName: string | null;
  readonly intoUnitIds: readonly string[] | null;
  readonly successorId: string | null;
  readonly decisionRef: string | null;
  readonly occurredAt: string;
  readonly eventId: string;
}

export interface Unit {
  readonly unitId: string;
  readonly establishedName: string;
  readonly name: string;
  readonly kind: string;
  readonly parentId: string | null;
  readonly establishedAt: string;
  readonly active: boolean;
  readonly changes: readonly UnitChange[];
}

export interface AreaProgress {
  readonly area: string;
  readonly assignments: number;
  readonly doneOnTime: number;
  readonly doneLate: number;
  readonly overdue: number;
  readonly awaitingConfirmation: number;
  readonly inProgress: number;
  readonly notTriggered: number;
  readonly cancelled: number;
  readonly meanScore: number | null;
}

export interface Indicator {
  readonly indicatorId: string;
  readonly text: string;
  readonly comparator: string;
  readonly target: number;
  readonly unit: string | null;
  readonly value: number | null;
  readonly period: string | null;
  readonly measuredLocal: string | null;
  readonly met: boolean | null;
}

export interface AsOfList<T> {
  readonly asOf: string;
  readonly position: number;
  readonly items: readonly T[];
}
