// Why: a batch's plain acknowledgements are one small meta write on the drain's path (`recordAcks`), and are folded into
// the order documents afterwards, in bulk, once the round's answers are all in (`foldAcks`): idempotent, so a crash
// before or during a fold is repaired by the next one (start-up, the next round) with nothing lost or written twice.
import type { RxDocument } from 'rxdb';
import {
	ackIndex,
	foldAck,
	pushAckKey,
	PUSH_ACK_PREFIX,
	type PushAck,
	type PushAckDoc
} from '../../src/lib/db/push-ack';
import type { OrderDoc } from '../../src/lib/db/types';
import type { Ctx } from '../context';
import { bulkModify } from '../sync/bulk-modify';

/** Records one written batch's acknowledgements as one ledger document (one IndexedDB write). */
export async function recordAcks(ctx: Ctx, acks: readonly PushAck[]): Promise<void> {
	if (acks.length === 0) return;
	const value: PushAckDoc = { acks: [...acks] };
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
	const ledger = await ctx.db.meta
		.find({ selector: { key: { $gte: PUSH_ACK_PREFIX, $lt: `${PUSH_ACK_PREFIX}\uffff` } } })
		.exec();
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

/** Whether a fold has anything to do (the index is loaded at first use). */
export async function hasAcks(ctx: Ctx): Promise<boolean> {
	const index = ackIndex(ctx.db);
	await index.ready;
	return index.size > 0;
}
