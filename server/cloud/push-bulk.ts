// Why: a batch's new orders (and transactions) are stored in one database transaction per table — one lookup, one
// multi-row insert, one push stamp — instead of five round trips per item. Anything else (a re-push at a higher
// version, a retry of a stored version (its body is checked there), the same local_id twice in one batch, an item the
// bulk statement cannot take) goes through the one-item path.
import { randomUUID } from 'node:crypto';
import type { OrderPush, PushResult, TransactionPush } from '../../src/lib/contract/cloud.ts';
import { isoUs } from '../db/sql.ts';
import type { Db } from '../db/types.ts';
import type { Outlet } from './http.ts';
import { stampPush } from './outlets.ts';
import { ORDER_COLUMNS, TRANSACTION_COLUMNS, orderColumns, transactionColumns } from './push-orders.ts';

interface Spec<T> {
	table: 'orders' | 'transactions';
	columns: string;
	values: (row: T) => unknown[];
}

export const ORDERS: Spec<OrderPush> = { table: 'orders', columns: ORDER_COLUMNS, values: orderColumns };
export const TRANSACTIONS: Spec<TransactionPush> = {
	table: 'transactions',
	columns: TRANSACTION_COLUMNS,
	values: transactionColumns
};

/** Rows per INSERT statement (PostgreSQL allows 65,535 parameters; 14 columns × 1000 stays far below). */
const ROWS_PER_INSERT = 1000;

type Stored = { local_id: string; cloud_id: string; version: number; synced_at: string };

const result = (s: Stored): PushResult => ({
	cloud_id: s.cloud_id,
	local_id: s.local_id,
	version: s.version,
	synced_at: s.synced_at
});

/**
 * Stores the new items in bulk and answers those already stored at the same or a newer version (a retry);
 * returns results by item index. Items without a result must take the one-item path. A database error
 * answers nothing (everything then takes the one-item path, where a bad item fails alone).
 */
export async function pushNewInBulk<T extends { local_id: string; version: number }>(
	db: Db,
	outlet: Outlet,
	spec: Spec<T>,
	items: readonly { index: number; data: T }[],
	answerStored = true
): Promise<Map<number, PushResult>> {
	const out = new Map<number, PushResult>();
	const seen = new Set<string>();
	const first = items.filter((it) => !seen.has(it.data.local_id) && seen.add(it.data.local_id));
	if (first.length === 0) return out;
	const returning = `local_id, cloud_id::text as cloud_id, version, ${isoUs('synced_at')} as synced_at`;
	const lookup = async (q: Db | Parameters<Parameters<Db['tx']>[0]>[0], ids: string[]) =>
		new Map(
			(
				await q.query<Stored>(
					`select ${returning} from ${spec.table} where outlet_id = $1 and local_id = any($2::text[])`,
					[outlet.id, ids]
				)
			).rows.map((r) => [r.local_id, r])
		);
	try {
		const found = new Map<number, PushResult>();
		await db.tx(async (q) => {
			found.clear();
			const stored = await lookup(
				q,
				first.map((it) => it.data.local_id)
			);
			const fresh: typeof first = [];
			for (const it of first) {
				const s = stored.get(it.data.local_id);
				if (!s) fresh.push(it);
				// An older version is answered with what is stored; the same version takes the one-item path,
				// which checks that the body is the same (422 idempotency_conflict otherwise).
				// Shared open orders (answerStored false): a stored order may be contested, which the one-item path decides.
				else if (answerStored && it.data.version < s.version) found.set(it.index, result(s));
			}
			const inserted = new Map<string, Stored>();
			for (let i = 0; i < fresh.length; i += ROWS_PER_INSERT) {
				const chunk = fresh.slice(i, i + ROWS_PER_INSERT);
				const params: unknown[] = [];
				const rows = chunk.map((it) => {
					const vals = [randomUUID(), outlet.id, it.data.local_id, outlet.code, ...spec.values(it.data)];
					const start = params.length;
					params.push(...vals);
					return `(${vals.map((_, k) => `$${start + k + 1}`).join(', ')})`;
				});
				const { rows: written } = await q.query<Stored>(
					`insert into ${spec.table} (cloud_id, outlet_id, local_id, outlet_code, ${spec.columns})
					 values ${rows.join(', ')}
					 on conflict (outlet_id, local_id) do nothing
					 returning ${returning}`,
					params
				);
				for (const w of written) inserted.set(w.local_id, w);
			}
			// A concurrent push of the same order won some inserts: answer the stored rows (or leave a newer version of ours to the one-item path).
			const lost = fresh.filter((it) => !inserted.has(it.data.local_id));
			const winners = lost.length
				? await lookup(
						q,
						lost.map((it) => it.data.local_id)
					)
				: new Map<string, Stored>();
			for (const it of fresh) {
				const s = inserted.get(it.data.local_id) ?? winners.get(it.data.local_id);
				if (s && it.data.version <= s.version) found.set(it.index, result(s));
			}
			if (inserted.size) await stampPush(q, outlet.id);
		});
		for (const [k, v] of found) out.set(k, v);
	} catch {
		out.clear();
	}
	return out;
}
