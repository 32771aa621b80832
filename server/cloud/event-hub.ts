// Fans events out to the open streams of this process, woken by NOTIFY from any process.
import type { Db, Queryable } from '../db/types.ts';
import { EVENTS_CHANNEL } from '../events.ts';
import { log } from '../log.ts';

export interface StoredEvent {
	id: number;
	/** null: every outlet. */
	outletId: string | null;
	event: string;
	/** JSON.stringify of the stored payload: the exact text that is signed and sent. */
	payloadJson: string;
}

interface Subscriber {
	outletId: string;
	onEvents: (events: StoredEvent[]) => void;
	onClose: () => void;
}

type EventRow = { id: string | number; outlet_id: string | null; event: string; payload: unknown };
const toEvent = (r: EventRow): StoredEvent => ({
	id: Number(r.id),
	outletId: r.outlet_id,
	event: r.event,
	payloadJson: JSON.stringify(r.payload)
});

const PAGE = 1000;

/** Stored events of an outlet (and broadcasts to every outlet) after an id, oldest first. */
export async function eventsAfter(q: Queryable, outletId: string, afterId: number): Promise<StoredEvent[]> {
	const out: StoredEvent[] = [];
	let last = afterId;
	for (;;) {
		const { rows } = await q.query<EventRow>(
			`select id, outlet_id::text as outlet_id, event, payload from events
			  where (outlet_id = $1 or outlet_id is null) and id > $2 order by id limit ${PAGE}`,
			[outletId, last]
		);
		out.push(...rows.map(toEvent));
		if (rows.length < PAGE) return out;
		last = Number(rows[rows.length - 1]?.id);
	}
}

/**
 * One LISTEN per process. Event ids are drawn under the change-stamp lock and commit in order
 * (events.ts), so on each NOTIFY "everything after the last id loaded" is complete: no event is
 * skipped, and none is loaded twice. Streams dedupe by id against their own replay.
 */
export class EventHub {
	private readonly subs = new Set<Subscriber>();
	private lastId = 0;
	private draining: Promise<void> | null = null;
	private again = false;
	private unlisten: (() => Promise<void>) | null = null;

	private constructor(private readonly db: Db) {}

	static async start(db: Db): Promise<EventHub> {
		const hub = new EventHub(db);
		const { rows } = await db.query<{ n: string | number }>('select coalesce(max(id), 0) as n from events');
		hub.lastId = Number(rows[0]?.n ?? 0);
		hub.unlisten = await db.listen(EVENTS_CHANNEL, () => hub.wake());
		return hub;
	}

	/** Live events for one outlet from now on; returns the unsubscribe. */
	subscribe(outletId: string, onEvents: (events: StoredEvent[]) => void, onClose: () => void): () => void {
		const sub: Subscriber = { outletId, onEvents, onClose };
		this.subs.add(sub);
		return () => {
			this.subs.delete(sub);
		};
	}

	get streams(): number {
		return this.subs.size;
	}

	/** Open streams of one outlet in this process. */
	streamsOf(outletId: string): number {
		let n = 0;
		for (const s of this.subs) if (s.outletId === outletId) n++;
		return n;
	}

	private wake(): void {
		if (this.draining) {
			this.again = true;
			return;
		}
		this.draining = this.drain()
			.catch((e: unknown) =>
				log('error', 'event hub: loading events failed', {
					error: e instanceof Error ? e.message : String(e)
				})
			)
			.finally(() => {
				this.draining = null;
			});
	}

	private async drain(): Promise<void> {
		do {
			this.again = false;
			for (;;) {
				const { rows } = await this.db.query<EventRow>(
					`select id, outlet_id::text as outlet_id, event, payload from events where id > $1 order by id limit ${PAGE}`,
					[this.lastId]
				);
				if (!rows.length) break;
				const events = rows.map(toEvent);
				this.lastId = events[events.length - 1]?.id ?? this.lastId;
				this.fanOut(events);
				if (rows.length < PAGE) break;
			}
		} while (this.again);
	}

	private fanOut(events: StoredEvent[]): void {
		for (const sub of this.subs) {
			const mine = events.filter((e) => e.outletId === null || e.outletId === sub.outletId);
			if (!mine.length) continue;
			try {
				sub.onEvents(mine);
			} catch (e) {
				log('warn', 'event hub: a stream failed to take events', {
					error: e instanceof Error ? e.message : String(e)
				});
			}
		}
	}

	/** Ends every open stream (shutdown). */
	closeAll(): void {
		for (const sub of [...this.subs]) {
			this.subs.delete(sub);
			sub.onClose();
		}
	}

	async stop(): Promise<void> {
		this.closeAll();
		const un = this.unlisten;
		this.unlisten = null;
		if (un) await un();
		await this.draining;
	}
}
