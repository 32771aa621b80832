// Why: a batch's orders (and transactions) are stored with one statement per table — a multi-row insert, or for
// re-pushes at a higher version a multi-row update, each with the push stamp in one data-modifying query, atomic without
// begin/commit — instead of five round trips per item. Anything else (a retry of a stored version (its body is checked
// there), the same local_id twice in one batch, a stored order with shared open orders on, an item the bulk statements
// cannot take) goes through the one-item path.
import { randomUUID } from 'node:crypto';
import type { OrderPush, TransactionPush } from '../../src/lib/contract/cloud.ts';
import type { Db } from '../db/types.ts';
import type { FoldedWrite, Outlet } from './http.ts';
import { ORDER_COLUMNS, TRANSACTION_COLUMNS, orderColumns, transactionColumns } from './push-orders.ts';

interface Spec<T> {
	table: 'orders' | 'transactions';
	columns: string;
	/** The row's values for `columns`; `json` turns a jsonb column's value into what is sent (default: its text). */
	values: (row: T, json?: (v: unknown) => unknown) => unknown[];
	/** The SQL type of each of `columns`, for the re-push update's typed VALUES list. */
	types: string[];
	/** How a re-push at a higher version sets a column (`v` the pushed row, `o` the stored one); the rest are replaced. */
	keep?: Record<string, string>;
}

export const ORDERS: Spec<OrderPush> = {
	table: 'orders',
	columns: ORDER_COLUMNS,
	values: orderColumns,
	types: [
		'text',
		'text',
		'int',
		'bigint',
		'text',
		'jsonb',
		'jsonb',
		'int',
		'timestamptz',
		'timestamptz',
		'text',
		'text',
		'text',
		'text',
		'bigint',
		'jsonb',
		'text',
		'jsonb'
	],
	// As the one-item path (push-orders.ts): a re-push without these keeps what is stored.
	keep: {
		order_number: 'coalesce(v.order_number, o.order_number)',
		device_code: 'coalesce(v.device_code, o.device_code)',
		shared: 'coalesce(v.shared, o.shared)'
	}
};
export const TRANSACTIONS: Spec<TransactionPush> = {
	table: 'transactions',
	columns: TRANSACTION_COLUMNS,
	values: transactionColumns,
	types: ['text', 'bigint', 'text', 'bigint', 'bigint', 'text', 'int', 'timestamptz', 'text', 'text']
};

/**
 * What a batch's answer says of a stored item (`BatchItemResult`: no `synced_at`, which the answer carries once for the
 * whole batch). Only that is returned: a row's `synced_at` formatted by `to_char` and carried through `json_agg` cost
 * PostgreSQL ~2 µs a row and Node ~45 bytes a row to parse, for nothing read.
 */
export type Stored = { local_id: string; cloud_id: string; version: number };
const RETURNING = 'local_id, cloud_id::text as cloud_id, version';

const asIs = (v: unknown) => v;

/**
 * The bulk insert of `spec`'s table as two CTEs, `ins` (the rows, answering `Stored`) and `stamp` (the outlet's push
 * stamp when a row went in). Rows come from `json`, a JSON array of `[cloud_id, local_id, ...spec.values(row, asIs)]`,
 * cast column by column to `spec.types` (a JSON null is SQL NULL); jsonb columns are taken as they are nested in the
 * row, not as text to parse again. The outlet is `$1` (id) and `$2` (code), or with `folded` the auth statement's `a`
 * (`server/cloud/auth.ts`: no row for a refused request, so nothing is inserted).
 */
function insertCtes<T>(spec: Spec<T>, folded: boolean, json: string): string {
	const columns = spec.columns.split(',').map((c) => c.trim());
	const values = columns
		.map((_, k) =>
			spec.types[k] === 'jsonb' ? `nullif(r->${k + 2}, 'null'::jsonb)` : `(r->>${k + 2})::${spec.types[k]}`
		)
		.join(', ');
	const [id, code, from] = folded
		? ['a.uid', 'a.code', `a, jsonb_array_elements(${json}) as r`]
		: ['$1::uuid', '$2::text', `jsonb_array_elements(${json}) as r`];
	return `ins as (
	   insert into ${spec.table} (cloud_id, outlet_id, local_id, outlet_code, ${columns.join(', ')})
	   select (r->>0)::uuid, ${id}, r->>1, ${code}, ${values} from ${from}
	   on conflict (outlet_id, local_id) do nothing
	   returning ${RETURNING}
	 ), stamp as (
	   insert into outlet_checkpoints (outlet_id, last_push_at) select ${id}, now() ${folded ? 'from a ' : ''}where exists (select 1 from ins)
	   on conflict (outlet_id) do update set last_push_at = now()
	 )`;
}

const insertSqlCache = new Map<string, string>();
/** The bulk insert on its own: $1 the outlet's id, $2 its code, $3 the rows (`insertCtes`). */
function insertSql<T>(spec: Spec<T>): string {
	const cached = insertSqlCache.get(spec.table);
	if (cached) return cached;
	const sql = `with ${insertCtes(spec, false, '$3::jsonb')} select * from ins`;
	insertSqlCache.set(spec.table, sql);
	return sql;
}

type Item<T> = { index: number; data: T };

/** The items a bulk insert takes: the first of each local_id (a second one takes the one-item path after it). */
const firstOfEach = <T extends { local_id: string }>(items: readonly Item<T>[]) => {
	const seen = new Set<string>();
	return items.filter((it) => !seen.has(it.data.local_id) && seen.add(it.data.local_id));
};

/** The rows parameter of the bulk insert for `first`: one JSON array, so the statement's text never changes. */
const rowsJson = <T extends { local_id: string }>(spec: Spec<T>, first: readonly Item<T>[]) =>
	JSON.stringify(first.map((it) => [randomUUID(), it.data.local_id, ...spec.values(it.data, asIs)]));

/**
 * A batch's new orders and transactions, sorted out before the outlet is known (with the path's and the headers'
 * outlet, which are the key's when the request is admitted), so that the first table's insert can be folded into the
 * auth statement (`foldInsert`). `folded` holds what that insert stored, once it ran.
 */
export interface BulkPlan {
	orders: Item<OrderPush>[];
	transactions: Item<TransactionPush>[];
	folded: { table: 'orders' | 'transactions'; written: Stored[] } | null;
}

/**
 * The insert of the plan's first non-empty table as a write folded into the auth statement (`requireOutlet`'s `fold`):
 * one round trip and one commit for key, budget, rows and push stamp.
 */
export function foldInsert(plan: BulkPlan): FoldedWrite | null {
	const fold = <T extends { local_id: string }>(spec: Spec<T>, items: readonly Item<T>[]): FoldedWrite => ({
		ctes: foldedCtes(spec),
		rows: 'ins',
		params: [rowsJson(spec, firstOfEach(items))],
		name: `push-bulk-insert-${spec.table}`,
		done: (rows) => {
			plan.folded = { table: spec.table, written: rows as Stored[] };
		},
		failed: () => {
			plan.folded = null;
		}
	});
	if (plan.orders.length) return fold(ORDERS, plan.orders);
	if (plan.transactions.length) return fold(TRANSACTIONS, plan.transactions);
	return null;
}
const foldedCache = new Map<string, string>();
function foldedCtes<T>(spec: Spec<T>): string {
	let ctes = foldedCache.get(spec.table);
	if (!ctes) foldedCache.set(spec.table, (ctes = insertCtes(spec, true, '$7::jsonb')));
	return ctes;
}

const result = (s: Stored): Stored => ({ cloud_id: s.cloud_id, local_id: s.local_id, version: s.version });

/**
 * Stores the new items in bulk and answers those already stored at a newer version (a late retry);
 * returns results by item index. Items without a result must take the one-item path. A database error
 * answers nothing (everything then takes the one-item path, where a bad item fails alone). `written`: the same items
 * were inserted already (folded into the auth statement) and this is what the insert returned.
 */
export async function pushNewInBulk<T extends { local_id: string; version: number }>(
	db: Db,
	outlet: Outlet,
	spec: Spec<T>,
	items: readonly Item<T>[],
	answerStored = true,
	written?: readonly Stored[]
): Promise<Map<number, Stored>> {
	const out = new Map<number, Stored>();
	const first = firstOfEach(items);
	if (first.length === 0) return out;
	try {
		// One statement: the rows and the outlet's push stamp commit together, and no round trip opens or closes a
		// transaction. A row already stored (a retry, or a concurrent push of the same order that committed first:
		// ON CONFLICT waits for it) is not inserted and is answered below. The rows travel as one JSON parameter, so
		// the statement's text is the same for every batch (prepared once per connection) and no per-value
		// parameters are serialised and bound.
		const rows =
			written ??
			(
				await db.query<Stored>(insertSql(spec), [outlet.id, outlet.code, rowsJson(spec, first)], {
					name: `push-bulk-insert-${spec.table}`
				})
			).rows;
		const inserted = new Map<string, Stored>(rows.map((w) => [w.local_id, w]));
		const stored = first.filter((it) => !inserted.has(it.data.local_id));
		const before = stored.length
			? new Map(
					(
						await db.query<Stored>(
							`select ${RETURNING} from ${spec.table} where outlet_id = $1 and local_id = any($2::text[])`,
							[outlet.id, stored.map((it) => it.data.local_id)]
						)
					).rows.map((r) => [r.local_id, r])
				)
			: new Map<string, Stored>();
		const newer = answerStored
			? stored.filter((it) => {
					const s = before.get(it.data.local_id);
					return s !== undefined && it.data.version > s.version;
				})
			: [];
		if (newer.length)
			for (const w of await updateInBulk(db, outlet, spec, newer)) inserted.set(w.local_id, w);
		for (const it of first) {
			const mine = inserted.get(it.data.local_id);
			if (mine) {
				out.set(it.index, result(mine));
				continue;
			}
			// An older version is answered with what is stored; the same version takes the one-item path, which checks
			// that the body is the same (422 idempotency_conflict otherwise); a higher version the update above did not
			// take (another push moved the stored row on meanwhile) is decided there too.
			// Shared open orders (answerStored false): a stored order may be contested, which the one-item path decides.
			const s = before.get(it.data.local_id);
			if (s && answerStored && it.data.version < s.version) out.set(it.index, result(s));
		}
	} catch {
		out.clear();
	}
	return out;
}

/**
 * Re-pushes at a higher version (an order paid or voided after it was first sent): one UPDATE … FROM (VALUES …) with
 * the push stamp, where the stored version is still lower. Returns the rows it updated; the others are left to the
 * one-item path. Not used with shared open orders, where a stored order may be contested.
 */
async function updateInBulk<T extends { local_id: string; version: number }>(
	db: Db,
	outlet: Outlet,
	spec: Spec<T>,
	items: readonly { index: number; data: T }[]
): Promise<Stored[]> {
	const columns = spec.columns.split(',').map((c) => c.trim());
	const params: unknown[] = [outlet.id];
	const rows = items.map((it) => {
		const vals = [it.data.local_id, ...spec.values(it.data)];
		const start = params.length;
		params.push(...vals);
		return `(${vals.map((_, k) => `$${start + k + 1}::${k === 0 ? 'text' : spec.types[k - 1]}`).join(', ')})`;
	});
	const set = columns.map((c) => `${c} = ${spec.keep?.[c] ?? `v.${c}`}`).join(', ');
	const { rows: written } = await db.query<Stored>(
		`with v (local_id, ${columns.join(', ')}) as (values ${rows.join(', ')}),
		 up as (
		   update ${spec.table} o set ${set}, synced_at = now()
		     from v where o.outlet_id = $1::uuid and o.local_id = v.local_id and o.version < v.version
		   returning o.local_id, o.cloud_id::text as cloud_id, o.version
		 ), stamp as (
		   insert into outlet_checkpoints (outlet_id, last_push_at) select $1::uuid, now() where exists (select 1 from up)
		   on conflict (outlet_id) do update set last_push_at = now()
		 )
		 select * from up`,
		params
	);
	return written;
}
