/**
 * Finds the task streams in which a unit has (or had) an assignment. A port: the embedded store
 * answers with SQL over its log; another store would answer from a read model.
 */
export interface TaskDirectory {
  taskStreamsOfUnit(unitId: string): Promise<readonly string[]>;
}
