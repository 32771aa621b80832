// Why: a push answer is recorded as ONE meta document per written batch (`push-ack/<seq>`) instead of a rewrite of every
// acknowledged order (each order a whole document with its 9 index entries); the worker folds the ledger into the orders
// later. `AckIndex` is the one place that answers "is this order acknowledged although its document still says pending".
import type { Subscription } from 'rxjs';
import { PUSH_ACK_PREFIX, pushAckRange } from './acks';
import type { KasirDatabase } from './database';
import type { OrderDoc, PushState } from './types';

/** What the write-back of one plainly accepted order would have written, and what the push knew of it then. */
export interface PushAck {
	local_id: string;
	/** The local version the cloud acknowledged (the order's `synced_version` once folded). */
	version: number;
	cloud_id: string | null;
	synced_at: string;
	/** The order's push status when it was sent: which count it leaves once acknowledged. */
	was: 'pending' | 'failed';
	/** Edited while in flight (its version had moved on when the answer was recorded): it stays pending. */
	edited: boolean;
}

export interface PushAckDoc {
	acks: PushAck[];
}

let seq = 0;
/** A new ledger key; keys sort in the order they were made (time, then a counter within the millisecond). */
export function pushAckKey(now = Date.now()): string {
	seq = (seq + 1) % 10_000;
	return `${PUSH_ACK_PREFIX}${String(now).padStart(15, '0')}-${String(seq).padStart(4, '0')}`;
}

/**
 * An acknowledgement applied to its order, exactly as the push's write-back applies a success: a document edited since
 * (its version moved on) keeps its edit and its status, with the acknowledged `synced_version` and cloud id; one the
 * acknowledgement is already in (or a newer one) gives null (nothing to write), so folding twice writes nothing twice.
 */
export function foldAck<T extends PushState & { version: number }>(d: T, a: PushAck): T | null {
	if (d.synced_version > a.version) return null;
	const cloud_id = a.cloud_id ?? d.cloud_id;
	const same = d.synced_version === a.version && d.cloud_id === cloud_id && d.synced_at === a.synced_at;
	if (d.version > a.version) {
		return same ? null : { ...d, cloud_id, synced_version: a.version, synced_at: a.synced_at };
	}
	if (same && d.sync_status === 'synced') return null;
	return {
		...d,
		cloud_id,
		synced_version: a.version,
		synced_at: a.synced_at,
		sync_status: 'synced',
		sync_error: null,
		sync_attempts: 0,
		next_attempt_at: null
	};
}

/** How many orders each status count holds that are acknowledged in the ledger but not folded yet. */
export interface AckCounts {
	pending: number;
	failed: number;
}

interface Entry {
	ack: PushAck;
	key: string;
	/** Still counted as sent by the ledger: not edited since, not folded yet. */
	live: boolean;
}

type OrderEvent = { documentId: string; documentData: Pick<OrderDoc, 'version' | 'synced_version'> };
type MetaEvent = {
	operation: string;
	documentId: string;
	documentData: { value?: unknown; _deleted?: boolean };
};

/**
 * The unfolded acknowledgements of one database instance, in memory, kept from the ledger's own documents (loaded once,
 * then its change events: the worker's writes and, through RxDB's multi-instance channel, another tab's). An order
 * leaves the index's counts as soon as a change event shows it edited (version past the acknowledged one) or folded,
 * before its ledger document is deleted: the counts err, for the moment between, towards "not sent".
 */
export class AckIndex {
	#byOrder = new Map<string, Entry>();
	#byKey = new Map<string, Entry[]>();
	#counts: AckCounts = { pending: 0, failed: 0 };
	#listeners = new Set<(c: AckCounts) => void>();
	#subs: Subscription[] = [];
	/** Resolves once the ledger documents stored before this index existed are loaded. */
	readonly ready: Promise<void>;

	constructor(db: KasirDatabase) {
		// Subscribed before the load, so nothing written meanwhile is missed (adding a ledger document twice is harmless).
		this.#subs = [
			db.meta.eventBulks$.subscribe((b) => {
				let changed = false;
				for (const e of b.events as unknown as MetaEvent[]) {
					if (!e.documentId.startsWith(PUSH_ACK_PREFIX)) continue;
					changed = true;
					if (e.operation === 'DELETE' || e.documentData._deleted) this.#remove(e.documentId);
					else this.#add(e.documentId, (e.documentData.value as PushAckDoc).acks);
				}
				if (changed) this.#emit();
			}),
			db.orders.eventBulks$.subscribe((b) => {
				if (this.#byOrder.size === 0) return;
				let changed = false;
				for (const e of b.events as unknown as OrderEvent[]) {
					const x = this.#byOrder.get(e.documentId);
					if (!x?.live) continue;
					const d = e.documentData;
					if (d.version > x.ack.version || d.synced_version >= x.ack.version) {
						this.#off(x);
						changed = true;
					}
				}
				if (changed) this.#emit();
			})
		];
		this.ready = this.#load(db).catch(() => {});
	}

	async #load(db: KasirDatabase): Promise<void> {
		const docs = await db.meta.find({ selector: pushAckRange }).exec();
		if (docs.length === 0) return;
		for (const d of docs) this.#add(d.key, (d.value as PushAckDoc).acks);
		// Left by a crash: some may be folded (or edited) already. Checked against their orders once, at start-up.
		const orders = await db.orders.findByIds([...this.#byOrder.keys()]).exec();
		for (const x of this.#byOrder.values()) {
			const d = orders.get(x.ack.local_id);
			if (x.live && (!d || d.version > x.ack.version || d.synced_version >= x.ack.version)) this.#off(x);
		}
		this.#emit();
	}

	#add(key: string, acks: readonly PushAck[]): void {
		if (this.#byKey.has(key)) return;
		const entries: Entry[] = [];
		for (const ack of acks) {
			const old = this.#byOrder.get(ack.local_id);
			if (old && old.ack.version > ack.version) continue;
			if (old) this.#off(old);
			const x: Entry = { ack, key, live: !ack.edited };
			if (x.live) this.#counts[ack.was]++;
			this.#byOrder.set(ack.local_id, x);
			entries.push(x);
		}
		this.#byKey.set(key, entries);
	}

	#remove(key: string): void {
		for (const x of this.#byKey.get(key) ?? []) {
			this.#off(x);
			if (this.#byOrder.get(x.ack.local_id) === x) this.#byOrder.delete(x.ack.local_id);
		}
		this.#byKey.delete(key);
	}

	#off(x: Entry): void {
		if (!x.live) return;
		x.live = false;
		this.#counts[x.ack.was]--;
	}

	#emit(): void {
		const c = this.counts();
		for (const f of this.#listeners) f(c);
	}

	/** Acknowledged orders each status count still holds (subtract them from `pending` / `failed`). */
	counts(): AckCounts {
		return { ...this.#counts };
	}

	/** Unfolded ledger documents (the worker folds while there are any). */
	get size(): number {
		return this.#byKey.size;
	}

	/** True when the ledger holds the acknowledgement of this very version of the order (not folded yet). */
	acknowledged(d: Pick<OrderDoc, 'local_id' | 'version'>): boolean {
		const x = this.#byOrder.get(d.local_id);
		return !!x && x.ack.version >= d.version;
	}

	/** The order as it reads once its acknowledgement is folded (itself when the ledger holds none for it). */
	effective<T extends OrderDoc>(d: T): T {
		const x = this.#byOrder.get(d.local_id);
		return x ? (foldAck(d, x.ack) ?? d) : d;
	}

	/** Calls `f` with the counts now and whenever they change; returns the unsubscribe. */
	subscribe(f: (c: AckCounts) => void): () => void {
		this.#listeners.add(f);
		f(this.counts());
		return () => this.#listeners.delete(f);
	}

	stop(): void {
		for (const s of this.#subs) s.unsubscribe();
		this.#listeners.clear();
	}
}

const indexes = new WeakMap<KasirDatabase, AckIndex>();

/** The database instance's acknowledgement index (made on first use). */
export function ackIndex(db: KasirDatabase): AckIndex {
	let x = indexes.get(db);
	if (!x) indexes.set(db, (x = new AckIndex(db)));
	return x;
}
