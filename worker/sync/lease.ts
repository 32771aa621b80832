// Why: leadership that survives a hung leader: the leader beats on a BroadcastChannel, followers steal the Web Lock when the beat stops,
// and each term's epoch (stored in `meta`) fences a woken zombie out of every write-back it still had in flight.
import type { KasirDatabase } from '../../src/lib/db/database';

/** Where the replicator's leadership term is recorded; the highest epoch is the only one allowed to write back. */
export const LEADER_EPOCH_KEY = 'leader:epoch';
const BEAT_CHANNEL = 'kasir-leader';

/** What a write-back path asks before it stores results it fetched from the network. */
export interface Fence {
	/** Throws `FencedError` when this worker's leadership term has been superseded by another tab. */
	assertCurrent(): Promise<void>;
}

/** Work outside a leadership term (sync jobs, tests) is never fenced. */
export const openFence: Fence = { assertCurrent: async () => {} };

export class FencedError extends Error {
	constructor(
		readonly mine: number,
		readonly current: number
	) {
		super(`leadership term ${mine} was taken over by term ${current}; results not written`);
		this.name = 'FencedError';
	}
}

interface EpochRecord {
	epoch: number;
	instance: string;
	at: string;
}

/** Reads the stored epoch from the storage itself: a woken zombie's in-memory caches have not yet seen the new term. */
async function storedEpoch(db: KasirDatabase): Promise<number> {
	const [doc] = await db.meta.storageInstance.findDocumentsById([LEADER_EPOCH_KEY], false);
	const v = doc?.value as Partial<EpochRecord> | undefined;
	return Number(v?.epoch ?? 0);
}

/** One leadership term: claimed once when the lock is granted, checked before every write-back of that term. */
export class Lease implements Fence {
	#db: KasirDatabase;
	/** How many write-backs this term refused after being superseded (diagnostics and tests). */
	static refused = 0;

	private constructor(
		db: KasirDatabase,
		readonly epoch: number
	) {
		this.#db = db;
	}

	/** Takes the next epoch (called only while holding the replicator lock, so terms are strictly increasing). */
	static async claim(db: KasirDatabase, instance: string): Promise<Lease> {
		const now = new Date().toISOString();
		// Read first: on every start but a device's first the record exists, and an `insertIfNotExists` would still be a
		// readwrite transaction on `meta` that the page's first reads queue behind (docs/performance.md, "Ninth pass").
		let doc = await db.meta.findOne(LEADER_EPOCH_KEY).exec();
		if (!doc) {
			await db.meta.insertIfNotExists({
				key: LEADER_EPOCH_KEY,
				value: { epoch: 0, instance, at: now },
				updated_at: now
			});
			doc = await db.meta.findOne(LEADER_EPOCH_KEY).exec();
		}
		if (!doc) throw new Error('leader epoch record vanished');
		let mine = 0;
		// incrementalModify re-runs on a revision conflict, so the value taken is the one actually stored.
		await doc.incrementalModify((d) => {
			mine = Math.max(Number((d.value as Partial<EpochRecord>).epoch ?? 0), 0) + 1;
			return { ...d, value: { epoch: mine, instance, at: now } satisfies EpochRecord, updated_at: now };
		});
		return new Lease(db, mine);
	}

	async isCurrent(): Promise<boolean> {
		return (await storedEpoch(this.#db)) === this.epoch;
	}

	async assertCurrent(): Promise<void> {
		const current = await storedEpoch(this.#db);
		if (current !== this.epoch) {
			Lease.refused++;
			throw new FencedError(this.epoch, current);
		}
	}
}

export interface Beat {
	epoch: number;
	instance: string;
}

/** The leader's heartbeat and the followers' watch on it, over one BroadcastChannel shared by every tab's worker. */
export class Heartbeat {
	#channel: BroadcastChannel | null;
	#timer?: ReturnType<typeof setInterval>;
	#lastBeatAt = Date.now();
	#highestEpoch = 0;
	#onNewer: (b: Beat) => void = () => {};

	constructor() {
		this.#channel = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(BEAT_CHANNEL);
		this.#channel?.addEventListener('message', (e: MessageEvent<Beat>) => {
			const b = e.data;
			if (typeof b?.epoch !== 'number' || b.epoch < this.#highestEpoch) return; // a zombie's late beat
			this.#highestEpoch = b.epoch;
			this.#lastBeatAt = Date.now();
			this.#onNewer(b);
		});
	}

	/** Called for every beat at or above the highest epoch seen (a leader hears its successor this way). */
	onBeat(f: (b: Beat) => void): void {
		this.#onNewer = f;
	}

	/** Milliseconds since the last live beat (or since this worker started listening). */
	silentFor(): number {
		return Date.now() - this.#lastBeatAt;
	}

	/** True when a term newer than any beat heard is stored: its leader claimed it and is about to beat (silence restarts). */
	async newerTermStored(db: KasirDatabase): Promise<boolean> {
		const stored = await storedEpoch(db);
		if (stored <= this.#highestEpoch) return false;
		this.#highestEpoch = stored;
		this.#lastBeatAt = Date.now();
		return true;
	}

	/** Starts beating for `beat.epoch` every `everyMs` (stops any earlier beating). */
	lead(beat: Beat, everyMs: number): void {
		this.stop();
		this.#highestEpoch = Math.max(this.#highestEpoch, beat.epoch);
		const send = () => this.#channel?.postMessage(beat);
		send();
		this.#timer = setInterval(send, everyMs);
	}

	/** Stops beating; the silence clock restarts so a new follower gives the next leader its grace time. */
	stop(): void {
		if (this.#timer) clearInterval(this.#timer);
		this.#timer = undefined;
		this.#lastBeatAt = Date.now();
	}

	close(): void {
		this.stop();
		this.#channel?.close();
	}
}
