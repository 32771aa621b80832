// The edge's own small facts (its outlet, its mirror checkpoints) in one key/value table, edge_state
// (migration 9): they live in the edge's database so a restart resumes where it stopped.
import type { Queryable } from '../db/types.ts';

export async function readState<T>(q: Queryable, key: string): Promise<T | undefined> {
	const { rows } = await q.query<{ value: T }>('select value from edge_state where key = $1', [key]);
	return rows[0]?.value;
}

export async function writeState(q: Queryable, key: string, value: unknown): Promise<void> {
	await q.query(
		`insert into edge_state (key, value, updated_at) values ($1, $2::jsonb, now())
		 on conflict (key) do update set value = excluded.value, updated_at = now()`,
		[key, JSON.stringify(value)]
	);
}

/** Where the edge keeps the outlet it serves once the mirror has found it upstream. */
export const OUTLET_KEY = 'outlet';
/** The mirror's checkpoint of one upstream collection (`since` of its next page). */
export const mirrorCheckpointKey = (entity: string) => `mirror:since:${entity}`;
