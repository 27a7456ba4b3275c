// The order in which the member walks through nominations: the ids of the list they last
// looked at (search, filters and sort applied), so that "next" on a nomination opens the
// next row of that list. Kept per round while the app runs.
import { listNominations } from "./ipc";

// A plain Map: read on demand, never rendered.
const queues = new Map<string, string[]>();

export function setQueue(roundId: string, ids: string[]): void {
  queues.set(roundId, ids);
}

/** The ids of the round in the order last shown; the round's default order if none yet. */
export async function queueOf(roundId: string): Promise<string[]> {
  const known = queues.get(roundId);
  if (known) return known;
  const list = await listNominations({
    round: roundId,
    query: null,
    criteria_set: null,
    kind: null,
    award: null,
    auto: null,
    sort: null,
    descending: false,
    review: null,
  });
  const ids = list.rows.map((r) => r.id);
  queues.set(roundId, ids);
  return ids;
}
