// Why: a batch's plain acknowledgements are one small meta write on the drain's path (`recordAcks`), and are folded into
// the order documents afterwards, in bulk, once the round's answers are all in (`foldAcks`): idempotent, so a crash
// before or during a fold is repaired by the next one (start-up, the next round) with nothing lost or written twice.
// Loaded when a round has acknowledgements to record or a ledger to fold (`src/lib/db/acks.ts`), not at start.
import type { RxDocument } from 'rxdb';
import { pushAckRange } from '../../src/lib/db/acks';
import { foldAck, pushAckKey, type PushAck, type PushAckDoc } from '../../src/lib/db/push-ack';
import type { OrderDoc } from '../../src/lib/db/types';
import type { Ctx } from '../context';
import { bulkModify } from '../sync/bulk-modify';
import type { WriteBack } from './push';

/** A plainly accepted order's answer as a ledger entry: what the write-back would have written, and what the push knew. */
function ackOf(
	ctx: Ctx,
	held: ReadonlyMap<string, RxDocument<OrderDoc>>,
	{ o, outcome }: WriteBack
): PushAck {
	const sent = held.get(o.key)?._data;
	// The latest revision this instance has seen (RxDB's cache, kept by change events): an edit made while the batch
	// was out keeps the order pending, so the counts must not take it as sent.
	const latest = ctx.db.orders._docCache.getLatestDocumentDataIfExists(o.key) ?? sent;
	return {
		local_id: o.local_id,
		version: o.version,
		cloud_id: outcome.ok ? outcome.value.cloudId : null,
		synced_at: outcome.ok ? outcome.value.syncedAt : new Date().toISOString(),
		was: sent?.sync_status === 'failed' ? 'failed' : 'pending',
		edited: (latest?.version ?? o.version) > o.version
	};
}

/**
 * Records one written batch's plain acknowledgements (the push's `isPlainAck`) as one ledger document (one IndexedDB
 * write). `held`: the orders as the round read them.
 */
export async function recordAcks(
	ctx: Ctx,
	held: ReadonlyMap<string, RxDocument<OrderDoc>>,
	written: readonly WriteBack[]
): Promise<void> {
	if (written.length === 0) return;
	const value: PushAckDoc = { acks: written.map((w) => ackOf(ctx, held, w)) };
	await ctx.db.meta.insert({ key: pushAckKey(), value, updated_at: new Date().toISOString() });
}

/**
 * Folds every ledger document into its orders, oldest first, one bulk write per ledger document, then deletes it. Only
 * the current leader folds (checked before each document). `held`: revisions the caller read already (the round's),
 * written onto without a second read (one changed since fails its revision check and is redone on its latest state).
 * Returns how many orders were written.
 */
export async function foldAcks(
	ctx: Ctx,
	held: ReadonlyMap<string, RxDocument<OrderDoc>> = new Map()
): Promise<number> {
	const ledger = await ctx.db.meta.find({ selector: pushAckRange }).exec();
	let written = 0;
	for (const doc of ledger) {
		await ctx.fence.assertCurrent();
		const acks = new Map((doc.value as PushAckDoc).acks.map((a) => [a.local_id, a]));
		const docs: RxDocument<OrderDoc>[] = [];
		const unheld: string[] = [];
		for (const id of acks.keys()) {
			const d = held.get(id);
			if (d) docs.push(d);
			else unheld.push(id);
		}
		if (unheld.length) docs.push(...(await ctx.db.orders.findByIds(unheld).exec()).values());
		written += await bulkModify(
			ctx.db.orders,
			docs,
			(d) => {
				const a = acks.get(d.local_id);
				return a ? foldAck(d, a) : null;
			},
			'kasir-push-fold',
			{ readOnly: true } // foldAck builds a new document
		);
		const latest = doc.getLatest();
		if (!latest.deleted) await latest.remove();
	}
	return written;
}
