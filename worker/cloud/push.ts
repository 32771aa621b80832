// Why: the cloud push: pending orders, transactions and product updates go out through the batch endpoint; results are written back per item (plain order acknowledgements through the ledger, `ack-ledger.ts`), never dropped.
import type { RxCollection, RxDocument } from 'rxdb';
import type { z } from 'zod';
import type {
	BatchItemInput,
	BatchRequest,
	OrderPush,
	ProductPush,
	TransactionPush
} from '../../src/lib/contract/cloud';
import { META, setMeta } from '../../src/lib/db/meta';
import { decides } from '../../src/lib/domain/errors';
import { err, ok, type Result } from '../../src/lib/domain/result';
import { deriveTransactions } from '../../src/lib/db/sales';
import type { OrderDoc, ProductUpdateDoc, PushState, TransactionDoc } from '../../src/lib/db/types';
import type { Ctx } from '../context';
import { openConflictDoc } from '../conflicts/record';
import { backoffDelay } from '../net/backoff';
import { NetError } from '../net/errors';
import { serialisedBatches, withItems } from './batch';
import { billAskedOrders, sharedBlock, sharedOrdersOn } from './shared-orders';
import { cloudConn, cloudRequest } from './client';
import type { BatchItemResult } from './wire';
import { bulkModify } from '../sync/bulk-modify';
import { CoalescingWriter } from './write-queue';
import { hasPushAcks } from '../../src/lib/db/acks';

type EntityType = BatchItemInput['entity_type'];

interface Outgoing {
	entity_type: EntityType;
	local_id: string;
	/** Primary key of the local doc (product updates are keyed by their own id). */
	key: string;
	version: number;
	item: BatchItemInput;
}

export interface PushSummary {
	sent: number;
	synced: number;
	failed: number;
	conflicts: number;
	/** More was waiting than one round takes. */
	more: boolean;
}

/**
 * Batch requests at the server at once within a round. A request's slot frees when its answer arrives (its results
 * are written back meanwhile, one batch at a time, in answer order), so the server always has the next batch waiting.
 */
const IN_FLIGHT = 2;

/** At most this many documents per round; the rest go in the next one. */
const ROUND_LIMIT = 5000;

/**
 * A step of a push round as a User Timing mark (`kasir:push:<step>`, `detail` = the batch's number, counted across rounds):
 * visible in a DevTools performance recording, and read by `bench/drain.ts` for its timeline. Bounded: once about a
 * hundred have piled up, a round starts by clearing them (Node warns of a leak past 150, in the tests).
 */
const MARK = 'kasir:push:';
let batchesMarked = 0;
function mark(step: string, batch?: number, startTime?: number): void {
	performance.mark(`${MARK}${step}`, { detail: batch ?? null, startTime });
}
function clearOldMarks(): void {
	const old = performance.getEntriesByType('mark').filter((m) => m.name.startsWith(MARK));
	if (old.length > 100) for (const name of new Set(old.map((m) => m.name))) performance.clearMarks(name);
}

const due = (d: PushState, now: string) =>
	d.sync_status === 'pending' || !d.next_attempt_at || d.next_attempt_at <= now;

/**
 * An order as the push sends it. `shared`: this till's code and its bill-asked orders when the server shares open orders
 * (the push then carries the shared block). Exported for `bench/drain.ts`, whose floor POSTs the same bodies.
 */
export function orderData(
	d: OrderDoc,
	shared: { device: string; billAsked: ReadonlySet<string> } | null
): z.input<typeof OrderPush> {
	return {
		...(shared ? { shared: sharedBlock(d, shared.device, shared.billAsked) } : {}),
		local_id: d.local_id,
		// Extension of the cloud contract: the human number, separate from the sync identity (local_id).
		order_number: d.order_number,
		outlet_id: d.outlet_id,
		outlet_code: d.outlet_code,
		table_number: d.table_number,
		customer_name: d.customer_name,
		pax: d.pax,
		total_amount: d.total_amount,
		status: d.status,
		items: d.items.map(({ discount, ...i }) => ({ ...i, ...(discount ? { discount } : {}) })),
		payment_info: d.payment_info && { ...d.payment_info },
		// Extensions (docs/till.md): who took it, who voided it, and its discounts (line discounts are in the items).
		...(d.cashier_name ? { cashier_name: d.cashier_name } : {}),
		...(d.staff_id ? { staff_id: d.staff_id } : {}),
		...(d.voided_by ? { voided_by: d.voided_by } : {}),
		...(d.discount_amount ? { discount_amount: d.discount_amount, discount: d.discount ?? null } : {}),
		version: d.version,
		created_at: d.created_at,
		updated_at: d.updated_at
	};
}

function transactionData(d: TransactionDoc): z.input<typeof TransactionPush> {
	return {
		local_id: d.local_id,
		outlet_id: d.outlet_id,
		outlet_code: d.outlet_code,
		order_id: d.order_id,
		total_amount: d.total_amount,
		payment_method: d.payment_method,
		cash_amount: d.cash_amount,
		change_amount: d.change_amount,
		cashier_name: d.cashier_name,
		version: d.version,
		created_at: d.created_at,
		// Extension of the cloud contract (docs/till.md): refunds are their own type with a negative amount.
		...(d.type === 'refund' ? { type: 'refund', reason: d.reason ?? '' } : {})
	};
}

type SyncStatusQuery<T> = (sync_status: 'pending' | 'failed', limit: number) => Promise<RxDocument<T>[]>;

/** Pending, then failed documents, up to the round limit: one equality range on the `sync_status` index each. */
async function waiting<T>(find: SyncStatusQuery<T>): Promise<RxDocument<T>[]> {
	const out: RxDocument<T>[] = [];
	for (const status of ['pending', 'failed'] as const) {
		const limit = ROUND_LIMIT - out.length;
		if (limit <= 0) break;
		out.push(...(await find(status, limit)));
	}
	return out;
}

/**
 * The documents a round read, by key: their results are written back onto these very revisions (no second read); one
 * written meanwhile fails its revision check and is redone on its latest state (`bulkModify`).
 */
interface Held {
	order: Map<string, RxDocument<OrderDoc>>;
	transaction: Map<string, RxDocument<TransactionDoc>>;
	product: Map<string, RxDocument<ProductUpdateDoc>>;
}

interface Round {
	out: Outgoing[];
	held: Held;
}

/**
 * Everything due, read once: the pending and failed orders, the transactions their payments stand for (derived first,
 * so no payment is pushed without its order or missed), then the transactions and product updates waiting.
 */
async function collect(ctx: Ctx, outletId: string): Promise<Round> {
	const now = new Date().toISOString();
	const out: Outgoing[] = [];
	const held: Held = { order: new Map(), transaction: new Map(), product: new Map() };
	const shared = (await sharedOrdersOn(ctx))
		? { device: (await ctx.settings()).device_code, billAsked: await billAskedOrders(ctx) }
		: null;
	const orders = await waiting((sync_status, limit) =>
		ctx.db.orders.find({ selector: { sync_status }, limit }).exec()
	);
	// `_data` is the stored revision itself (read-only here): no copy of thousands of orders just to read them.
	await deriveTransactions(
		ctx.db,
		orders.map((d) => d._data).filter((o) => o.payments.length > 0)
	);
	for (const doc of orders) {
		const d = doc._data;
		if (!due(d, now)) continue;
		held.order.set(d.local_id, doc);
		out.push({
			entity_type: 'order',
			local_id: d.local_id,
			key: d.local_id,
			version: d.version,
			item: { entity_type: 'order', operation: d.cloud_id ? 'update' : 'create', data: orderData(d, shared) }
		});
	}
	for (const doc of await waiting((sync_status, limit) =>
		ctx.db.transactions.find({ selector: { sync_status }, limit }).exec()
	)) {
		const d = doc._data;
		if (!due(d, now)) continue;
		held.transaction.set(d.local_id, doc);
		out.push({
			entity_type: 'transaction',
			local_id: d.local_id,
			key: d.local_id,
			version: d.version,
			item: {
				entity_type: 'transaction',
				operation: d.cloud_id ? 'update' : 'create',
				data: transactionData(d)
			}
		});
	}
	// One update per product per round, oldest first, so results match unambiguously and apply in order.
	const seen = new Set<string>();
	const updates = (
		await waiting((sync_status, limit) =>
			ctx.db.product_updates.find({ selector: { sync_status }, limit }).exec()
		)
	).sort((a, b) => a._data.created_at.localeCompare(b._data.created_at));
	for (const doc of updates) {
		const d = doc.toMutableJSON();
		if (seen.has(d.product_id) || !due(d, now)) continue;
		seen.add(d.product_id);
		held.product.set(d.id, doc);
		const data = {
			local_id: d.product_id,
			outlet_id: outletId,
			...d.changes,
			version: d.base_version,
			updated_at: d.updated_at
		} satisfies z.input<typeof ProductPush>;
		out.push({
			entity_type: 'product',
			local_id: d.product_id,
			key: d.id,
			version: d.version,
			item: { entity_type: 'product', operation: 'update', data }
		});
	}
	return { out, held };
}

/** One item's answer: where it landed, or why it failed. */
type Outcome = Result<{ cloudId: string | null; syncedAt: string; result: BatchItemResult }, string>;

export type WriteBack = { o: Outgoing; outcome: Outcome };

/**
 * Writes a batch's results back to the documents the round read: one bulk write per collection, onto the revisions read.
 * Conflict-aware: a document edited while in flight (its version moved on) stays pending, and a document written
 * since the round read it is re-done alone on its latest state (see `bulkModify`).
 * With the ledger (`recordAcks`, `foldAcks`), the one place push results touch local documents.
 */
async function writeBackResults(ctx: Ctx, held: Held, results: readonly WriteBack[]): Promise<void> {
	const of = (t: EntityType) => results.filter((r) => r.o.entity_type === t);
	await Promise.all([
		writeBackTo(ctx.db.orders, held.order, of('order'), false),
		writeBackTo(ctx.db.transactions, held.transaction, of('transaction'), false),
		writeBackTo(ctx.db.product_updates, held.product, of('product'), true)
	]);
}

async function writeBackTo<T extends PushState & { version: number }>(
	coll: RxCollection<T>,
	held: ReadonlyMap<string, RxDocument<T>>,
	results: readonly WriteBack[],
	keepResult: boolean
): Promise<void> {
	if (results.length === 0) return;
	const byKey = new Map(results.map((r) => [r.o.key, r]));
	const docs: RxDocument<T>[] = [];
	const unheld: string[] = [];
	for (const key of byKey.keys()) {
		const doc = held.get(key);
		if (doc) docs.push(doc);
		else unheld.push(key);
	}
	if (unheld.length) docs.push(...(await coll.findByIds(unheld).exec()).values());
	await bulkModify(
		coll,
		docs,
		(d) => {
			const r = byKey.get(String(d[coll.schema.primaryPath as keyof T]));
			return r ? applyOutcome(d, r.o, r.outcome, keepResult) : null;
		},
		'kasir-push-results',
		{ readOnly: true } // applyOutcome builds a new document, never mutating the one it is given
	);
}

/** One item's outcome applied to its document; a doc edited while in flight (version moved on) stays pending. */
function applyOutcome<T extends PushState & { version: number }>(
	d: T,
	o: Outgoing,
	outcome: Outcome,
	keepResult: boolean
): T {
	const edited = d.version > o.version;
	if (outcome.ok) {
		const next: T = {
			...d,
			cloud_id: outcome.value.cloudId ?? d.cloud_id,
			synced_version: Math.max(d.synced_version, o.version),
			synced_at: outcome.value.syncedAt,
			sync_status: edited ? 'pending' : 'synced',
			sync_error: null,
			sync_attempts: 0,
			next_attempt_at: null
		};
		return keepResult ? { ...next, result: { ...outcome.value.result } } : next;
	}
	const attempts = d.sync_attempts + 1;
	return {
		...d,
		sync_status: edited ? 'pending' : 'failed',
		sync_error: outcome.error,
		sync_attempts: attempts,
		next_attempt_at: new Date(
			Date.now() + backoffDelay(attempts, { baseMs: 5000, maxMs: 30 * 60_000 })
		).toISOString()
	};
}

/** Each disagreeing field becomes a local conflict record (id = the cloud's conflict_id). */
async function recordConflicts(ctx: Ctx, o: Outgoing, r: BatchItemResult): Promise<number> {
	const now = new Date().toISOString();
	let n = 0;
	for (const c of r.conflicts ?? []) {
		const doc = openConflictDoc(
			{
				...c,
				id: c.conflict_id,
				entity_type: o.entity_type,
				cloud_id: r.cloud_id ?? o.local_id,
				local_id: o.local_id
			},
			now
		);
		await ctx.db.conflicts.insertIfNotExists(doc);
		ctx.bus.emit('conflict', {
			id: c.conflict_id,
			entity_type: o.entity_type,
			local_id: o.local_id,
			field: c.field
		});
		n++;
	}
	return n;
}

type Serialised = { item: Outgoing; json: string }[];

/**
 * Sends one batch (its items serialised once, beforehand) and returns each item's outcome, in item order; writes
 * nothing. A batch the server refuses as a whole is split in halves to isolate the item it refuses, or failed item by
 * item; offline, unauthorized and rate limited throw (the round stops, documents stay queued).
 */
async function sendBatch(
	ctx: Ctx,
	batch: Serialised,
	sum: PushSummary,
	signal?: AbortSignal
): Promise<WriteBack[]> {
	const c = await cloudConn(ctx);
	const s = await ctx.settings();
	const envelope = {
		outlet_id: c.outletId,
		outlet_code: s.outlet_code,
		sync_timestamp: new Date().toISOString(),
		items: []
	} satisfies z.input<typeof BatchRequest>;
	let res;
	try {
		res = await cloudRequest(ctx, '/sync/batch', 'BatchResponse', {
			method: 'POST',
			body: withItems(
				envelope,
				batch.map((x) => x.json)
			),
			signal,
			timeoutMs: 120_000
		});
	} catch (e) {
		if (e instanceof NetError && decides('splitBatch', e.code) && batch.length > 1) {
			// Isolate the item the server refuses instead of failing the whole batch.
			const half = Math.ceil(batch.length / 2);
			const first = await sendBatch(ctx, batch.slice(0, half), sum, signal);
			return [...first, ...(await sendBatch(ctx, batch.slice(half), sum, signal))];
		}
		if (e instanceof NetError && decides('failPushItems', e.code)) {
			sum.sent += batch.length;
			sum.failed += batch.length;
			return batch.map(({ item: o }) => ({ o, outcome: err(e.message) }));
		}
		throw e;
	}
	const { results, synced_at } = res.data;
	const byKey = new Map<string, BatchItemResult>();
	results.forEach((r, i) => {
		const o = batch[i]?.item;
		// Results come in item order; fall back to entity+local_id when they do not.
		if (o && r.local_id === o.local_id && r.entity_type === o.entity_type) byKey.set(o.key, r);
		else {
			const m = batch.find(
				({ item: x }) => x.local_id === r.local_id && x.entity_type === r.entity_type && !byKey.has(x.key)
			);
			if (m) byKey.set(m.item.key, r);
		}
	});
	sum.sent += batch.length;
	return batch.map(({ item: o }): WriteBack => {
		const r = byKey.get(o.key);
		if (!r) {
			sum.failed++;
			return { o, outcome: err('no result for this item in the batch response') };
		}
		if (r.status === 'success') {
			sum.synced++;
			return { o, outcome: ok({ cloudId: r.cloud_id ?? null, syncedAt: synced_at, result: r }) };
		}
		if (r.status === 'conflict') {
			sum.conflicts++;
			// Acknowledged: the conflict record carries the disagreement, resolved by a person.
			return { o, outcome: ok({ cloudId: r.cloud_id ?? null, syncedAt: synced_at, result: r }) };
		}
		sum.failed++;
		return { o, outcome: err(r.error ?? `cloud answered ${r.status}`) };
	});
}

/**
 * A batch's answer applied locally: the leader check, its conflict records, then its plain acknowledgements as one
 * ledger document and the other results in one bulk write per collection.
 */
async function settle(ctx: Ctx, held: Held, written: readonly WriteBack[]): Promise<void> {
	await ctx.fence.assertCurrent(); // a superseded leader (hung while this batch was out) writes nothing back
	for (const { o, outcome } of written)
		if (outcome.ok && outcome.value.result.status === 'conflict')
			await recordConflicts(ctx, o, outcome.value.result);
	// The ledger's code loads with the first plain acknowledgement.
	const ledger = written.some(isPlainAck) ? await import('./ack-ledger') : null;
	await Promise.all([
		ledger?.recordAcks(ctx, held.order, written.filter(isPlainAck)),
		writeBackResults(ctx, held, ledger ? written.filter((w) => !isPlainAck(w)) : written)
	]);
}

/** A plain `success` for an order: recorded in the ledger, not written into the order (conflicts and failures are). */
const isPlainAck = ({ o, outcome }: WriteBack) =>
	o.entity_type === 'order' && outcome.ok && outcome.value.result.status === 'success';

/** Folds the acknowledgement ledger into the orders, if there is one (its code loads then). */
export async function foldLedger(ctx: Ctx, held?: Held['order']): Promise<void> {
	if (await hasPushAcks(ctx.db)) await (await import('./ack-ledger')).foldAcks(ctx, held);
}

/**
 * One push round: everything due, in batches of ≤1000 items and ≤10 MB, read once. A pipeline: the next batch is
 * serialised and sent as soon as a request slot frees (`IN_FLIGHT`), while answered batches are written back in answer
 * order, one write at a time (the answers that arrived during a write-back together in the next one). The round returns once every answer it got is written back; the first error (after
 * everything in flight has settled) is thrown.
 */
export async function pushPending(
	ctx: Ctx,
	opts: { signal?: AbortSignal; maxItems?: number } = {}
): Promise<PushSummary> {
	const conn = await cloudConn(ctx);
	// A round reads orders whose acknowledgements are all folded (a crash, or an earlier round that threw, may leave some).
	await foldLedger(ctx);
	const started = performance.now();
	const { out, held } = await collect(ctx, conn.outletId);
	const sum: PushSummary = { sent: 0, synced: 0, failed: 0, conflicts: 0, more: out.length >= ROUND_LIMIT };
	if (out.length === 0) return sum;
	clearOldMarks();
	mark('start', undefined, started);
	mark('collected');
	const requests = new Set<Promise<void>>();
	// The first error stops the round: no batch is sent after it. Answers already received are still written back
	// (they are facts), unless a write-back itself failed (a superseded leader, a refused write): then none after it.
	const failures: unknown[] = [];
	// Answers are written back in answer order; those that arrive while a write-back runs go together into the next.
	const writer = new CoalescingWriter<{ n: number; written: WriteBack[] }>(async (answers) => {
		for (const a of answers) mark('write-start', a.n);
		await settle(
			ctx,
			held,
			answers.flatMap((a) => a.written)
		);
		for (const a of answers) mark('write-end', a.n);
	});
	// Serialised lazily: the next batch is made while the ones before it are at the server.
	// Full batches to the end: the last answer is recorded by one small ledger write whatever its size, so a smaller
	// last batch (the 4 × 250 tail of old, when each answer rewrote its orders) would only add requests to the server.
	const batches = serialisedBatches(out, (o) => JSON.stringify(o.item), {
		maxItems: opts.maxItems,
		envelopeBytes: 1024
	});
	for (const batch of batches) {
		const k = batchesMarked++;
		mark('serialised', k);
		while (requests.size >= IN_FLIGHT) await Promise.race(requests);
		if (failures.length || writer.error || opts.signal?.aborted) break;
		mark('sent', k);
		const request = sendBatch(ctx, batch, sum, opts.signal).then(
			(written) => {
				mark('answered', k);
				writer.add({ n: k, written });
			},
			(e: unknown) => {
				failures.push(e);
			}
		);
		requests.add(request);
		void request.finally(() => requests.delete(request));
	}
	// Every answer received is written back before the round reports (or throws its first error).
	await Promise.all(requests);
	await writer.settled();
	// Every answer is recorded: the round's acknowledgements go into their orders now, off the answers' path.
	if (!writer.error) {
		mark('fold-start');
		await foldLedger(ctx, held.order).catch((e: unknown) => failures.push(e));
		mark('fold-end');
	}
	opts.signal?.throwIfAborted();
	if (writer.error) failures.push(writer.error.e);
	if (failures.length) throw failures[0];
	await setMeta(ctx.db, META.lastPush, new Date().toISOString());
	mark('end');
	return sum;
}
