// Why: a sale is ONE order-document write (status paid + its payments); everything else is derived or repaired here, idempotently:
// the transaction records (right after paying, at every start and before every push), drafts of finished sales, tables left
// occupied, counters behind the numbers in use, and the payments of orders stored before they were embedded.
import type { KasirDatabase } from './database';
import { counterKey, getMeta, keyPrefix, listShifts, nextCounter, setMeta } from './meta';
import { clearedDraft, DRAFT_PREFIX, draftKey, transactionDocs, type CartDraft } from './sale-docs';
import type { OrderDoc, ShiftDoc, StoredPayment, TableDoc, TransactionDoc } from './types';

export {
	clearedDraft,
	DRAFT_PREFIX,
	draftKey,
	orderCounterName,
	paymentInfoOf,
	transactionDocs,
	type CartDraft
} from './sale-docs';

const BACKFILL_KEY = 'repair:payments_backfilled';

/** Inserts the transactions of these orders that do not exist yet; re-deriving is a no-op. Returns how many were added. */
export async function deriveTransactions(db: KasirDatabase, orders: readonly OrderDoc[]): Promise<number> {
	const docs = orders.flatMap(transactionDocs);
	if (docs.length === 0) return 0;
	const have = await db.transactions.findByIds(docs.map((d) => d.local_id)).exec();
	const missing = docs.filter((d) => !have.has(d.local_id));
	if (missing.length === 0) return 0;
	const r = await db.transactions.bulkInsert(missing);
	// A conflict means another tab or the worker derived the same record first: that is the same record.
	const failed = r.error.filter((e) => e.status !== 409);
	if (failed.length > 0) throw new Error(`deriving transactions failed: ${failed[0]?.status}`);
	return r.success.length;
}

/** Derives the transactions of every order not yet acknowledged by the cloud (index on sync_status); the push calls it first. */
export async function derivePendingTransactions(db: KasirDatabase): Promise<number> {
	// One equality range per status on the index: `$in` is not index-covered and would walk every order (100k on a busy till).
	const lists = await Promise.all(
		(['pending', 'failed'] as const).map((sync_status) =>
			db.orders.find({ selector: { sync_status } }).exec()
		)
	);
	return deriveTransactions(
		db,
		lists
			.flat()
			.map((d) => d.toJSON() as OrderDoc)
			.filter((o) => o.payments.length > 0)
	);
}

/** Once after the v1 migration: orders paid under the old scheme get their payments from their transaction records. */
async function backfillLegacyPayments(db: KasirDatabase): Promise<number> {
	if (await getMeta<boolean>(db, BACKFILL_KEY)) return 0;
	const byOrder = new Map<string, StoredPayment[]>();
	for (const t of await db.transactions.find().exec()) {
		const d = t.toJSON() as TransactionDoc;
		const list = byOrder.get(d.order_id) ?? [];
		list.push({
			local_id: d.local_id,
			method: d.payment_method,
			amount: d.total_amount,
			cash_amount: d.cash_amount,
			change_amount: d.change_amount,
			paid_at: d.created_at,
			cashier_name: d.cashier_name ?? ''
		});
		byOrder.set(d.order_id, list);
	}
	let n = 0;
	const orders = await db.orders.findByIds([...byOrder.keys()]).exec();
	for (const [id, doc] of orders) {
		const add = byOrder.get(id) ?? [];
		if (doc.payments.length > 0) continue;
		// Local bookkeeping only: no version bump, nothing to push again.
		await doc.incrementalModify((d) => ({ ...d, payments: add }));
		n++;
	}
	await setMeta(db, BACKFILL_KEY, true);
	return n;
}

async function freeStaleTables(db: KasirDatabase): Promise<number> {
	const held = (await db.tables.find({ selector: { status: { $in: ['occupied', 'bill'] } } }).exec()).filter(
		(t) => t.order_local_id
	);
	if (held.length === 0) return 0;
	const orders = await db.orders.findByIds(held.map((t) => t.order_local_id ?? '')).exec();
	let n = 0;
	for (const t of held) {
		const o = orders.get(t.order_local_id ?? '');
		if (o && (o.status === 'open' || o.status === 'sent')) continue;
		await t.incrementalModify((d) => ({
			...d,
			status: 'free',
			order_local_id: null,
			sync_status: 'pending',
			updated_at: new Date().toISOString()
		}));
		n++;
	}
	return n;
}

export async function listDrafts(db: KasirDatabase): Promise<CartDraft[]> {
	const docs = await db.meta.find({ selector: keyPrefix(DRAFT_PREFIX) }).exec();
	return docs.map((d) => d.toJSON().value as CartDraft);
}

async function numberTaken(
	db: KasirDatabase,
	number: string | null,
	except: string | null
): Promise<boolean> {
	if (!number) return false;
	const o = await db.orders.findOne({ selector: { order_number: number } }).exec();
	return o !== null && o.local_id !== except;
}

/** Drafts bound to a sale that completed (paid, void) are emptied; a reserved number another order carries is dropped. */
async function repairDrafts(db: KasirDatabase): Promise<number> {
	const drafts = await listDrafts(db);
	const now = new Date().toISOString();
	let n = 0;
	for (const d of drafts) {
		const order = d.order_id ? await db.orders.findOne(d.order_id).exec() : null;
		let next = d;
		if (order && (order.status === 'paid' || order.status === 'void')) next = clearedDraft(next, now);
		else if (order && !d.stored) next = { ...next, stored: true };
		if (await numberTaken(db, next.order_number, next.order_id))
			next = { ...next, order_number: null, number_key: null };
		if (await numberTaken(db, next.spare_number, null))
			next = { ...next, spare_number: null, spare_key: null };
		if (next !== d) {
			await setMeta(db, draftKey(d.tab_id), { ...next, updated_at: now });
			n++;
		}
	}
	return n;
}

/** The order number with this prefix and running number (as the domain's orderNumber pads it). */
export const numberAt = (prefix: string, n: number) => `${prefix}${String(n).padStart(4, '0')}`;

/** Whether an order carries this number: one equality lookup on the order_number index. */
export async function numberUsed(db: KasirDatabase, number: string): Promise<boolean> {
	return (await db.orders.findOne({ selector: { order_number: number } }).exec()) !== null;
}

/**
 * The highest running number in use at or above `from` (numbers are consecutive per device and day): probes from+1, +2, +4…
 * then halves the gap. A few equality lookups on the order_number index, however many orders there are (a sorted range scan
 * in reverse is not: it reads the whole index on Dexie).
 */
export async function highestNumberFrom(db: KasirDatabase, prefix: string, from: number): Promise<number> {
	if (!(await numberUsed(db, numberAt(prefix, from + 1)))) return from;
	let lo = from + 1;
	let step = 2;
	while (await numberUsed(db, numberAt(prefix, from + step))) {
		lo = from + step;
		step *= 2;
	}
	let hi = from + step; // not used
	while (hi - lo > 1) {
		const mid = Math.floor((lo + hi) / 2);
		if (await numberUsed(db, numberAt(prefix, mid))) lo = mid;
		else hi = mid;
	}
	return lo;
}

/** order:<yyyymmdd>:<OUTLET>[:<DEVICE>] -> the order-number prefix its numbers share. */
export function prefixOfCounter(name: string): string | null {
	const m = /^order:(\d{8}):([A-Z0-9]+)(?::([A-Z0-9]+))?$/.exec(name);
	if (!m) return null;
	return `ORD-${m[1]}-${m[2]}${m[3] ? `-${m[3]}` : ''}-`;
}

/**
 * Counters follow the numbers in use: raised when behind the highest number used or reserved; when this tab is the only one
 * alive (`exclusive`), lowered to it too, so a number drawn by a tab that died before keeping it is given again (no gap).
 */
async function repairCounters(db: KasirDatabase, exclusive: boolean): Promise<number> {
	const docs = await db.meta.find({ selector: keyPrefix('counter:order:') }).exec();
	const recent = docs
		.map((d) => d.toJSON())
		.sort((a, b) => b.key.localeCompare(a.key))
		.slice(0, 8);
	const drafts = await listDrafts(db);
	let n = 0;
	for (const c of recent) {
		const name = c.key.slice('counter:'.length);
		const prefix = prefixOfCounter(name);
		if (!prefix) continue;
		let reserved = 0;
		for (const d of drafts)
			for (const [num, key] of [
				[d.order_number, d.number_key],
				[d.spare_number, d.spare_key]
			])
				if (key === name && num?.startsWith(prefix))
					reserved = Math.max(reserved, Number(num.slice(prefix.length)) || 0);
		const value = Number(c.value ?? 0);
		let next = Math.max(value, reserved, await highestNumberFrom(db, prefix, Math.max(value, reserved)));
		// Lowering only when no other tab is alive: a live tab may have drawn a number it has not kept in its draft yet.
		if (exclusive) while (next > reserved && !(await numberUsed(db, numberAt(prefix, next)))) next--;
		if (next !== value) {
			await db.meta.upsert({ key: counterKey(name), value: next, updated_at: new Date().toISOString() });
			n++;
		}
	}
	return n;
}

/** Raises a counter to at least `value` (never lowers it: other tabs may be drawing from it). */
export async function raiseCounter(db: KasirDatabase, name: string, value: number): Promise<void> {
	const key = counterKey(name);
	await db.meta.insertIfNotExists({ key, value: 0, updated_at: new Date().toISOString() });
	await db.meta
		.findOne(key)
		.incrementalModify((d) =>
			Number(d.value ?? 0) >= value ? d : { ...d, value, updated_at: new Date().toISOString() }
		);
}

export interface RepairReport {
	backfilled: number;
	derived: number;
	drafts: number;
	tables: number;
	counters: number;
}

/**
 * What a crash can leave behind, finished or undone. Idempotent; every query is index-covered or bounded by the few
 * unsynced orders, drafts and counters, so it stays fast with 100k orders. `exclusive`: no other tab is alive.
 */
export async function repairSales(
	db: KasirDatabase,
	opts: { exclusive?: boolean } = {}
): Promise<RepairReport> {
	const backfilled = await backfillLegacyPayments(db);
	const derived = await derivePendingTransactions(db);
	const drafts = await repairDrafts(db);
	const tables = await freeStaleTables(db);
	const counters = await repairCounters(db, opts.exclusive ?? false);
	return { backfilled, derived, drafts, tables, counters };
}

/** The shift open on this device, if any (one at most). */
export async function openShiftDoc(db: KasirDatabase): Promise<ShiftDoc | null> {
	return (await listShifts(db)).find((s) => s.status === 'open') ?? null;
}

/**
 * Draws the next running number of this counter. A counter behind the numbers in use (meta restored or wiped) is raised
 * first: it never hands out a used number.
 */
export async function drawCounter(db: KasirDatabase, name: string): Promise<number> {
	let n = await nextCounter(db, name);
	const prefix = prefixOfCounter(name);
	if (prefix && (await numberUsed(db, numberAt(prefix, n)))) {
		await raiseCounter(db, name, await highestNumberFrom(db, prefix, n));
		n = await nextCounter(db, name);
	}
	return n;
}

/** The table writes still to run, one after another. */
let tableWrites: Promise<unknown> = Promise.resolve();

/**
 * Keeps the tables collection following open orders (free when paid or voided). Each write reads the table and writes it
 * back, so they run one at a time: an ask for the bill and a hold tapped before it is written would otherwise both read
 * "occupied", and the later write would undo the ask.
 */
export function setTable(db: KasirDatabase, order: OrderDoc, bill = false): Promise<void> {
	const run = tableWrites.then(() => writeTable(db, order, bill));
	tableWrites = run.catch(() => undefined);
	return run;
}

async function writeTable(db: KasirDatabase, order: OrderDoc, bill: boolean): Promise<void> {
	if (!order.table_number) return;
	const existing = await db.tables.findOne(order.table_number).exec();
	const open = order.status === 'open' || order.status === 'sent';
	if (!open && existing && existing.order_local_id !== order.local_id) return;
	const doc: TableDoc = {
		id: order.table_number,
		number: order.table_number,
		seats: existing?.seats ?? 4,
		// A table that asked for the bill keeps asking while its order is held or changed.
		status: open
			? bill || (existing?.status === 'bill' && existing.order_local_id === order.local_id)
				? 'bill'
				: 'occupied'
			: 'free',
		order_local_id: open ? order.local_id : null,
		sync_status: 'pending',
		updated_at: new Date().toISOString()
	};
	await db.tables.upsert(doc);
}
