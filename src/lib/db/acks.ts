// Why: the one door to the push acknowledgement ledger (`push-ack.ts`) for everything loaded at start: its code (the
// index, the fold) loads only once a ledger document exists, so neither the worker's first load (its 120 KB budget) nor
// the UI thread's carries it.
import type { AckCounts, AckIndex } from './push-ack';
import type { KasirDatabase } from './database';

export const PUSH_ACK_PREFIX = 'push-ack/';
/** The ledger documents, as a range of `meta`'s primary key (index-covered). */
export const pushAckRange = { key: { $gte: PUSH_ACK_PREFIX, $lt: `${PUSH_ACK_PREFIX}\uffff` } };

export async function hasPushAcks(db: KasirDatabase): Promise<boolean> {
	return (await db.meta.count({ selector: pushAckRange }).exec()) > 0;
}

const loaded = new WeakMap<KasirDatabase, Promise<AckIndex>>();

function load(db: KasirDatabase): Promise<AckIndex> {
	let x = loaded.get(db);
	if (!x) {
		x = import('./push-ack').then(async (m) => {
			const index = m.ackIndex(db);
			await index.ready;
			return index;
		});
		loaded.set(db, x);
	}
	return x;
}

/** The database instance's acknowledgement index, loaded on the first call that finds a ledger document; null before. */
export async function ackIndexIfAny(db: KasirDatabase): Promise<AckIndex | null> {
	const x = loaded.get(db);
	if (x) return x;
	return (await hasPushAcks(db)) ? load(db) : null;
}

const NONE: AckCounts = { pending: 0, failed: 0 };

/** Acknowledged orders each stored status count still holds (subtract them from `pending` / `failed`). */
export async function ackCounts(db: KasirDatabase): Promise<AckCounts> {
	return (await ackIndexIfAny(db))?.counts() ?? NONE;
}

/**
 * Calls `f` with the acknowledged counts whenever they change, the index loaded when a ledger document is first seen
 * (at start, or written later by the worker). Returns the unsubscribe.
 */
export function watchAckCounts(db: KasirDatabase, f: (c: AckCounts) => void): () => void {
	let stop: (() => void) | null = null;
	let stopped = false;
	let attached = false;
	const attach = () => {
		if (attached) return;
		attached = true;
		sub.unsubscribe();
		void load(db).then((index) => {
			if (!stopped) stop = index.subscribe(f);
		});
	};
	const sub = db.meta.eventBulks$.subscribe((b) => {
		if (b.events.some((e) => e.documentId.startsWith(PUSH_ACK_PREFIX))) attach();
	});
	void hasPushAcks(db).then((any) => {
		if (any && !stopped) attach();
	});
	return () => {
		stopped = true;
		sub.unsubscribe();
		stop?.();
	};
}
