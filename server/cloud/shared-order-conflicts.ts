// The conflict rule of shared open orders: two tills editing one open order. A push based on a version that another
// till has since moved on, with different content, is recorded as a conflict holding both copies (never a 422, never
// an overwrite); a manager keeps theirs (cloud_wins), keeps mine (local_wins) or takes the newer (newest_wins), and
// the choice is written as a version above both, so every till takes it on its next pull.
import { randomUUID } from 'node:crypto';
import {
	OrderPush,
	type ConflictInfo,
	type ConflictRecord,
	type ConflictStrategy,
	type ProductConflictResult,
	type PushResult
} from '../../src/lib/contract/cloud.ts';
import type { Queryable } from '../db/types.ts';
import { isoUs } from '../db/sql.ts';
import type { Outlet } from './http.ts';
import { stampPush } from './outlets.ts';
import { orderColumns } from './push-orders.ts';
import { publishOrderUpdated, readOrderWire } from './shared-orders.ts';
import { canonical } from './canonical.ts';

/** The conflict's field for a whole order: both copies travel as the values. */
export const ORDER_CONFLICT_FIELD = 'order';

/** What a guest and a cashier see of an order: two copies equal here are the same order, whoever wrote them. */
const content = (o: OrderPush) =>
	canonical({
		table_number: o.table_number ?? null,
		customer_name: o.customer_name ?? null,
		pax: o.pax ?? null,
		total_amount: o.total_amount,
		status: o.status,
		items: o.items,
		payment_info: o.payment_info ?? null,
		discount: o.discount ?? null
	});

type Found = { cloud_id: string; version: number; synced_at: string; device_code?: string | null };

/**
 * The rule. A push takes part only when it says its base (`shared.base_version`, sent by tills of servers that
 * advertise shared_orders). It is contested when the stored version is above that base and was written by another
 * till: then the same content is simply answered (both tills made the same change), different content opens one
 * conflict (the same push again answers the same conflict). Anything else (null) takes the ordinary path.
 */
export async function contestedPush(
	q: Queryable,
	outlet: Outlet,
	o: OrderPush,
	found: Found
): Promise<PushResult | ProductConflictResult | null> {
	const shared = o.shared;
	if (!shared || found.version <= shared.base_version) return null;
	if (!found.device_code || found.device_code === shared.device_code) return null;
	const stored = await readOrderWire(q, outlet.id, o.local_id);
	if (!stored) return null;
	if (content(stored) === content(o))
		return o.version > found.version
			? null
			: {
					cloud_id: found.cloud_id,
					local_id: o.local_id,
					version: found.version,
					synced_at: found.synced_at
				};
	const conflicts = [await openOrderConflict(q, outlet, o, stored, found)];
	return { local_id: o.local_id, cloud_id: found.cloud_id, status: 'conflict', conflicts };
}

const INFO = `id::text as conflict_id, field, cloud_value, cloud_version, ${isoUs('cloud_updated_at')} as cloud_updated_at,
	local_value, local_version, ${isoUs('local_updated_at')} as local_updated_at`;

async function openOrderConflict(
	q: Queryable,
	outlet: Outlet,
	o: OrderPush,
	stored: OrderPush,
	found: Found
): Promise<ConflictInfo> {
	const { rows: open } = await q.query<ConflictInfo>(
		`select ${INFO} from conflicts
		  where outlet_id = $1 and entity_type = 'order' and local_id = $2 and local_version = $3 and status = 'open'
		  order by created_at limit 1`,
		[outlet.id, o.local_id, o.version]
	);
	if (open[0]) return open[0];
	const { rows } = await q.query<ConflictInfo>(
		`insert into conflicts (id, outlet_id, entity_type, cloud_id, local_id, field, cloud_value, cloud_version,
		                        cloud_updated_at, local_value, local_version, local_updated_at)
		 values ($1, $2, 'order', $3, $4, $5, $6, $7, $8, $9, $10, $11)
		 returning ${INFO}`,
		[
			randomUUID(),
			outlet.id,
			found.cloud_id,
			o.local_id,
			ORDER_CONFLICT_FIELD,
			JSON.stringify(stored),
			found.version,
			stored.updated_at,
			JSON.stringify(o),
			o.version,
			o.updated_at
		]
	);
	await stampPush(q, outlet.id);
	return rows[0] as ConflictInfo;
}

/**
 * Writes the manager's choice: keep theirs (the order as the server holds it now), keep mine (the till's copy in the
 * conflict) or the newer of the two by updated_at; always as a version above both, announced with order.updated.
 */
export async function resolveOrderConflict(
	q: Queryable,
	outlet: Outlet,
	conflict: ConflictRecord,
	strategy: ConflictStrategy
): Promise<{ applied: unknown; newVersion: number }> {
	const { rows: locked } = await q.query<{ version: number }>(
		'select version from orders where outlet_id = $1 and local_id = $2 for update',
		[outlet.id, conflict.local_id]
	);
	const current = await readOrderWire(q, outlet.id, conflict.local_id);
	const mine = OrderPush.safeParse(conflict.local_value);
	if (!locked[0] || !current || !mine.success) return { applied: current, newVersion: current?.version ?? 0 };
	const localNewer = Date.parse(mine.data.updated_at) > Date.parse(current.updated_at);
	const takeMine = strategy === 'local_wins' || (strategy === 'newest_wins' && localNewer);
	const newVersion = Math.max(current.version, mine.data.version) + 1;
	const chosen: OrderPush = { ...(takeMine ? mine.data : current), version: newVersion };
	const cols = orderColumns(chosen);
	await q.query(
		`update orders set table_number = $3, customer_name = $4, pax = $5, total_amount = $6, status = $7, items = $8,
		        payment_info = $9, version = $10, created_at = $11, updated_at = $12,
		        order_number = coalesce($13, order_number), cashier_name = $14, staff_id = $15, voided_by = $16,
		        discount_amount = $17, discount = $18, device_code = coalesce($19, device_code),
		        shared = coalesce($20, shared), synced_at = now()
		  where outlet_id = $1 and local_id = $2`,
		[outlet.id, conflict.local_id, ...cols]
	);
	await publishOrderUpdated(q, outlet.id, [conflict.local_id]);
	return { applied: await readOrderWire(q, outlet.id, conflict.local_id), newVersion };
}
