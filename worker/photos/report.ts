// Why: every photo outcome reaches the HO's status endpoint in batches; a batch the HO could not take waits in `meta` for the next sync instead of being lost.
import { getMeta, setMeta } from '../../src/lib/db/meta';
import { decides } from '../../src/lib/domain/errors';
import type { Ctx } from '../context';
import { NetError } from '../net/errors';
import { reportPhotoStatus, type SyncStatusItem } from './ho-photos';

export const UNREPORTED_KEY = 'photos:unreported';
/** Items the HO accepts per request (it allows 1000). */
export const REPORT_BATCH = 50;

export interface ReportLogEntry {
	size: number;
	ok: boolean;
}

export class StatusReporter {
	#buffer: SyncStatusItem[] = [];
	#chain: Promise<void> = Promise.resolve();
	readonly log: ReportLogEntry[] = [];
	reported = 0;

	constructor(
		private readonly ctx: Ctx,
		private readonly storeId: string,
		private readonly batchSize = REPORT_BATCH
	) {}

	/** Queues one outcome; a full batch is sent (in order, one request at a time). */
	add(item: SyncStatusItem): Promise<void> {
		this.#buffer.push(item);
		if (this.#buffer.length >= this.batchSize) return this.#send(this.#buffer.splice(0, this.batchSize));
		return this.#chain;
	}

	/** Sends what is left, plus what earlier syncs could not deliver. */
	async flush(): Promise<void> {
		const stashed = (await getMeta<SyncStatusItem[]>(this.ctx.db, UNREPORTED_KEY)) ?? [];
		if (stashed.length) await setMeta(this.ctx.db, UNREPORTED_KEY, []);
		// Stashed first: a newer outcome for the same photo must land last.
		const all = [...stashed, ...this.#buffer.splice(0)];
		for (let i = 0; i < all.length; i += this.batchSize) await this.#send(all.slice(i, i + this.batchSize));
		await this.#chain;
	}

	#send(batch: SyncStatusItem[]): Promise<void> {
		this.#chain = this.#chain.then(async () => {
			if (!batch.length) return;
			try {
				await reportPhotoStatus(this.ctx, this.storeId, batch);
				this.reported += batch.length;
				this.log.push({ size: batch.length, ok: true });
			} catch (e) {
				this.log.push({ size: batch.length, ok: false });
				// Kept for the next sync when the HO may take it later; a refusal of the batch itself (4xx) would repeat forever.
				if (e instanceof NetError && decides('keepPhotoReport', e.code)) {
					const stashed = (await getMeta<SyncStatusItem[]>(this.ctx.db, UNREPORTED_KEY)) ?? [];
					await setMeta(this.ctx.db, UNREPORTED_KEY, [...stashed, ...batch].slice(-5000));
				}
			}
		});
		return this.#chain;
	}
}
