// Writes to the event log behind the per-outlet streams, and wakes every server process on commit.
import { ProductEventData, type CloudEventInput, type EventName } from '../src/lib/contract/cloud.ts';
import type { Queryable, Row } from './db/types.ts';

export const EVENTS_CHANNEL = 'kasir_events';

export type CloudEventName = EventName;

/** One event to append: its payload is typed against the contract schema the worker parses it with. */
export type PublishedEvent = {
	[K in CloudEventName]: {
		/** null: every outlet (a broadcast). */
		outletId: string | null;
		event: K;
		payload: Extract<CloudEventInput, { event: K }>;
	};
}[CloudEventName];

/**
 * Appends an event inside the caller's transaction. The id is drawn under the same advisory lock
 * as change stamps, so ids commit in order and a stream resuming from Last-Event-ID misses none.
 */
export async function publishEvent(q: Queryable, e: PublishedEvent): Promise<number> {
	await q.query('select pg_advisory_xact_lock(7231)');
	const { rows } = await q.query<{ id: string }>(
		`insert into events (id, outlet_id, event, payload) values (nextval('events_id_seq'), $1, $2, $3) returning id`,
		[e.outletId, e.event, JSON.stringify(e.payload)]
	);
	const id = Number(rows[0]?.id);
	await q.query('select pg_notify($1, $2)', [EVENTS_CHANNEL, String(id)]);
	return id;
}

/** The live outlets of a company: the receivers of its product events. */
export async function companyOutlets(q: Queryable, companyId: string): Promise<string[]> {
	const { rows } = await q.query<{ id: string }>(
		'select id::text as id from stores where company_id = $1 and not is_deleted order by code',
		[companyId]
	);
	return rows.map((r) => r.id);
}

/** Publishes seed 004's entity.updated for a product row to the given outlets (HQ edits and outlet pushes alike). */
export async function publishProductUpdate(
	q: Queryable,
	row: Row,
	outletIds: string[],
	updatedBy: string,
	reason?: string
): Promise<void> {
	const timestamp = new Date().toISOString();
	// The whole row travels as `data`; parsing it here keeps what the server sends to what the till reads.
	const data = ProductEventData.parse(row);
	const id = String(row.id);
	for (const outletId of outletIds)
		await publishEvent(q, {
			outletId,
			event: 'entity.updated',
			payload: {
				event: 'entity.updated',
				timestamp,
				entity_type: 'product',
				cloud_id: id,
				local_id: id,
				data,
				version: Number(row.version),
				updated_by: updatedBy,
				...(reason ? { reason } : {})
			}
		});
}
