/** The parts of the API's answers the dashboard reads (see packages/api/src/routes). */
export interface Plan {
  readonly planId: string;
  readonly year: number;
  readonly title: string;
}

export interface RankingRow {
  readonly unitId: string;
  readonly unitName: string;
  readonly score: number | null;
  readonly band: string | null;
  readonly rank: number | null;
  readonly tasksValue: number | null;
  readonly reportsValue: number | null;
  readonly scorableAssignments: number;
  readonly reportsDue: number;
  readonly reportsMissing: number;
  readonly bonus: number;
  readonly criticismDeduction: number;
  readonly missingDeduction: number;
  readonly sanctions: number;
  readonly overdueAssignments: number;
}

export interface Publication {
  readonly eventId: string;
  readonly position: number;
  readonly inputsHash: string;
  readonly recordedAt: string;
  readonly sameResult: boolean;
}

export interface Ranking {
  readonly planId: string;
  readonly year: number;
  readonly rulebook: { readonly id: string; readonly version: number };
  readonly asOf: string;
  readonly position: number;
  readonly inputsHash: string;
  readonly rows: readonly RankingRow[];
  readonly published: readonly Publication[];
}

export interface AssignmentExplanation {
  readonly taskId: string;
  readonly area: string;
  readonly role: string;
  readonly status: string;
  readonly due: string | null;
  readonly scorable: boolean;
  readonly s: number | null;
  readonly c: number | null;
  readonly q: number | null;
  readonly l: number | null;
  readonly completedOn: string | null;
  readonly quartersElapsed: number;
  readonly quartersWithProgress: number;
  readonly events: {
    readonly defined: string;
    readonly heldBy: readonly string[];
    readonly deadlines: readonly string[];
    readonly cancelled: readonly string[];
    readonly completed: string | null;
    readonly returned: readonly string[];
    readonly excused: readonly string[];
    readonly progress: readonly string[];
  };
}

export interface ReportItem {
  readonly unitId: string;
  readonly period: string;
  readonly due: string;
  readonly submittedOn: string | null;
  readonly submittedBy?: string | null;
  readonly workingDaysLate: number;
  readonly missing: boolean;
  readonly value: number;
  readonly eventId: string | null;
}

export interface Explanation {
  readonly planId: string;
  readonly year: number;
  readonly asOf: string;
  readonly position: number;
  readonly rulebook: { readonly id: string; readonly version: number };
  readonly inputsHash: string;
  readonly unit: RankingRow;
  readonly weights: { readonly tasks: number; readonly reports: number };
  readonly areas: readonly { readonly area: string; readonly weight: number; readonly value: number; readonly scorable: number }[];
  readonly assignments: readonly AssignmentExplanation[];
  readonly reports: readonly ReportItem[];
  readonly recognitions: readonly { readonly kind: string; readonly level: string | null; readonly sanctionKind: string | null; readonly text: string | null; readonly occurredOn: string; readonly eventId: string }[];
  readonly base: number | null;
}

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
