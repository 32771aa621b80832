// Why: end-of-day reconciliation on the worker: the till's figures for a business day (read through the
// business_date index), the cloud's over what it stored, the id lists when the digests differ, and the
// outcome kept locally and sent to the cloud; a day that could not be checked stays pending and reruns.
import type { ReconciliationOutcomePush } from '../../src/lib/contract/cloud';
import { listReconciliations, reconcileKey, saveReconciliation, getMeta } from '../../src/lib/db/meta';
import { PENDING } from '../../src/lib/db/push-state';
import type { OrderDoc, ReconciliationDoc } from '../../src/lib/db/types';
import { dayStartOf } from '../../src/lib/domain/business-day';
import {
	dayFigures,
	diffEntries,
	entryOf,
	figuresMatch,
	isReconciled,
	type ReconcileOrder
} from '../../src/lib/domain/reconcile';
import type { Ctx } from '../context';
import { pushPending } from '../cloud/push';
import { cloudRequest } from '../cloud/client';
import { NetError } from '../net/errors';

/** The orders of one business day that take part (paid and void), read through the business_date index. */
export async function localDayOrders(ctx: Ctx, date: string): Promise<OrderDoc[]> {
	const docs = await ctx.db.orders.find({ selector: { business_date: date } }).exec();
	return docs.map((d) => d.toMutableJSON()).filter(isReconciled);
}

async function dayStart(ctx: Ctx): Promise<string> {
	const s = await ctx.settings();
	const store = s.store_id ? await ctx.db.stores.findOne(s.store_id).exec() : null;
	return dayStartOf(store?.config);
}

const asReconcile = (o: OrderDoc): ReconcileOrder => o;

function unsentCount(orders: readonly OrderDoc[]): number {
	return orders.filter((o) => o.sync_status !== 'synced').length;
}

/** Sends the outcome; a failure leaves `sent_at` null and the next run sends it. */
async function sendOutcome(ctx: Ctx, doc: ReconciliationDoc): Promise<ReconciliationDoc> {
	const body: ReconciliationOutcomePush = {
		date: doc.date,
		status: doc.status,
		checked_at: doc.checked_at,
		local: doc.local,
		cloud: doc.cloud,
		differences: doc.differences.slice(0, 10_000)
	};
	try {
		await cloudRequest(ctx, '/analytics/reconciliation', 'ReconciliationOutcomeResponse', {
			method: 'POST',
			body
		});
		return { ...doc, sent_at: new Date().toISOString() };
	} catch {
		return doc;
	}
}

/**
 * Reconciles one business day: sends what waits first, then compares. Offline or with orders the cloud
 * cannot have yet, the outcome is `pending` (kept, rerun after the next push).
 */
export async function reconcileDay(ctx: Ctx, date: string): Promise<ReconciliationDoc> {
	const checked_at = new Date().toISOString();
	let orders = await localDayOrders(ctx, date);
	const local = dayFigures(orders.map(asReconcile));
	const pending = (reason: string): ReconciliationDoc => ({
		date,
		status: 'pending',
		checked_at,
		local,
		cloud: null,
		differences: [],
		reason,
		sent_at: null
	});
	let doc: ReconciliationDoc;
	try {
		if (unsentCount(orders)) {
			await ctx.locks.request('kasir-push', {}, async () => {
				for (;;) if (!(await pushPending(ctx)).more) break;
			});
			orders = await localDayOrders(ctx, date);
		}
		const waiting = unsentCount(orders);
		if (waiting) doc = pending(`${waiting} order(s) not yet accepted by the cloud`);
		else {
			const start = await dayStart(ctx);
			const q = `/analytics/reconciliation?date=${date}&day_start=${encodeURIComponent(start)}`;
			const cloud = (await cloudRequest(ctx, q, 'ReconciliationResponse')).data;
			const mine = dayFigures(orders.map(asReconcile));
			if (figuresMatch(mine, cloud.figures))
				doc = {
					date,
					status: 'matched',
					checked_at,
					local: mine,
					cloud: cloud.figures,
					differences: [],
					reason: null,
					sent_at: null
				};
			else {
				// The digests differ: exchange the id lists to name exactly which orders differ.
				const listed = (await cloudRequest(ctx, `${q}&ids=1`, 'ReconciliationResponse')).data;
				doc = {
					date,
					status: 'mismatched',
					checked_at,
					local: mine,
					cloud: listed.figures,
					differences: diffEntries(orders.map(entryOf), listed.orders ?? []),
					reason: null,
					sent_at: null
				};
			}
		}
	} catch (e) {
		if (!(e instanceof NetError)) throw e;
		doc = pending(e.code === 'offline' ? 'offline' : `${e.code}: ${e.message}`);
	}
	if (doc.status !== 'pending') doc = await sendOutcome(ctx, doc);
	await saveReconciliation(ctx.db, doc);
	return doc;
}

/** Reruns every day still pending, and resends outcomes the cloud has not received (after a push). */
export async function rerunReconciliations(ctx: Ctx): Promise<number> {
	let n = 0;
	for (const doc of await listReconciliations(ctx.db)) {
		if (doc.status === 'pending') {
			const after = await reconcileDay(ctx, doc.date);
			if (after.status !== 'pending') n++;
		} else if (!doc.sent_at) {
			await saveReconciliation(ctx.db, await sendOutcome(ctx, doc));
		}
	}
	return n;
}

/**
 * "Send again": marks the orders pending with a new version, so the normal idempotent push replaces
 * what the cloud holds (or creates what it lost); the day is rechecked after the next push.
 */
export async function resendOrders(ctx: Ctx, date: string, localIds: readonly string[]): Promise<number> {
	let n = 0;
	const now = new Date().toISOString();
	for (const id of localIds) {
		const doc = await ctx.db.orders.findOne(id).exec();
		if (!doc) continue;
		await doc.incrementalModify((d) => ({
			...d,
			version: d.version + 1,
			updated_at: now,
			...PENDING
		}));
		n++;
	}
	const prev = await getMeta<ReconciliationDoc>(ctx.db, reconcileKey(date));
	if (prev)
		await saveReconciliation(ctx.db, { ...prev, status: 'pending', reason: 'sending again', sent_at: null });
	return n;
}
