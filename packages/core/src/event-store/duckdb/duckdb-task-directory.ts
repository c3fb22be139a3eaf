import type { TaskDirectory } from '../../application/task-directory.ts';
import type { DuckDb } from '../../duckdb/duckdb-client.ts';

/** Task streams that mention a unit, straight from the embedded log. */
export class DuckDbTaskDirectory implements TaskDirectory {
  constructor(private readonly db: DuckDb) {}

  async taskStreamsOfUnit(unitId: string): Promise<readonly string[]> {
    const rows = await this.db.rows<{ stream_id: string }>(
      `SELECT DISTINCT stream_id FROM events
       WHERE starts_with(stream_id, 'task-')
         AND (unit_id = $1
              OR (type = 'TaskDefined' AND (list_contains(CAST(json_extract(data, '$.lead') AS VARCHAR[]), $1)
                                            OR list_contains(CAST(json_extract(data, '$.coordinators') AS VARCHAR[]), $1)))
              OR (type = 'TaskReassigned' AND json_extract_string(data, '$.toUnitId') = $1))
       ORDER BY stream_id`,
      [unitId],
    );
    return rows.map((r) => r.stream_id);
  }
}
