// Shared open orders (extension, SHARE_OPEN_ORDERS=1, e.g. an outlet edge): the outlet's orders changed since a
// commit-ordered checkpoint, for the other tills, and the order.updated event that tells them to pull.
import { createRoute } from '@hono/zod-openapi';
import {
	OutletParams,
	SharedOrdersQuery,
	SharedOrdersResponse,
	type SharedOrder,
	type SharedOrderTill
} from '../../src/lib/contract/cloud.ts';
import type { Deps } from '../deps.ts';
import type { Queryable } from '../db/types.ts';
import { isoUs } from '../db/sql.ts';
import { publishEvent } from '../events.ts';
import { HttpError } from '../http/envelope.ts';
import { errorResponses, okJson, outletRoute, type CloudApp } from './http.ts';

const route = createRoute({
	...outletRoute,
	method: 'get',
	path: '/api/v1/outlets/{outlet_id}/orders',
	summary:
		"Kasir extension (shared open orders): the outlet's orders, from every till, changed after `since`, oldest change first; pass sync_checkpoint back as since. 404 not_found when the server does not share orders (sync/status features lacks shared_orders)",
	request: { params: OutletParams, query: SharedOrdersQuery },
	responses: {
		200: okJson(SharedOrdersResponse, 'One page of orders'),
		...errorResponses(400, 401, 403, 404, 429)
	}
});

const EPOCH = '1970-01-01T00:00:00.000000Z';

/** The stored order as the wire shape, with its till fields and the till that wrote it. */
export const ORDER_WIRE_COLUMNS = `cloud_id::text as cloud_id, local_id, order_number, outlet_id::text as outlet_id, outlet_code,
	table_number, customer_name, pax, total_amount, status, items, payment_info, cashier_name, staff_id, voided_by,
	discount_amount, discount, version, ${isoUs('created_at')} as created_at, ${isoUs('updated_at')} as updated_at,
	device_code, shared, ${isoUs('changed_at')} as changed_at`;

/** A row as the database answers it (bigint columns come back as strings). */
type OrderRow = {
	cloud_id: string;
	local_id: string;
	order_number: string | null;
	outlet_id: string;
	outlet_code: string;
	table_number: string | null;
	customer_name: string | null;
	pax: number | null;
	total_amount: string | number;
	status: SharedOrder['status'];
	items: SharedOrder['items'];
	payment_info: SharedOrder['payment_info'];
	cashier_name: string | null;
	staff_id: string | null;
	voided_by: string | null;
	discount_amount: string | number | null;
	discount: SharedOrder['discount'];
	version: number;
	created_at: string;
	updated_at: string;
	device_code: string | null;
	shared: SharedOrderTill | null;
	changed_at: string;
};

/** A stored row as the wire order (null columns the push schema does not allow are left out). */
export function orderWire(r: OrderRow): SharedOrder {
	const { shared: till, order_number, ...rest } = r;
	const out: SharedOrder = {
		...rest,
		total_amount: Number(r.total_amount),
		discount_amount: Number(r.discount_amount ?? 0),
		version: Number(r.version)
	};
	if (order_number) out.order_number = order_number;
	if (r.device_code) out.shared = { base_version: out.version, device_code: r.device_code, till: till ?? {} };
	return out;
}

export async function readOrderWire(
	q: Queryable,
	outletId: string,
	localId: string
): Promise<SharedOrder | null> {
	const { rows } = await q.query<OrderRow>(
		`select ${ORDER_WIRE_COLUMNS} from orders where outlet_id = $1 and local_id = $2`,
		[outletId, localId]
	);
	return rows[0] ? orderWire(rows[0]) : null;
}

/** One order.updated per order, inside the caller's transaction (ids commit in order, like every event). */
export async function publishOrderUpdated(
	q: Queryable,
	outletId: string,
	localIds: readonly string[]
): Promise<void> {
	if (localIds.length === 0) return;
	const { rows } = await q.query<{
		cloud_id: string;
		local_id: string;
		version: number;
		status: string;
		device_code: string | null;
	}>(
		`select cloud_id::text as cloud_id, local_id, version, status, device_code from orders
		  where outlet_id = $1 and local_id = any($2::text[])`,
		[outletId, localIds]
	);
	const timestamp = new Date().toISOString();
	for (const r of rows)
		await publishEvent(q, {
			outletId,
			event: 'order.updated',
			payload: { event: 'order.updated', timestamp, ...r, version: Number(r.version) }
		});
}

export function registerSharedOrders(app: CloudApp, deps: Deps): void {
	app.openapi(route, async (c) => {
		if (!deps.config.shareOpenOrders)
			throw new HttpError(
				404,
				'not_found',
				'This server does not share open orders between tills (start it with SHARE_OPEN_ORDERS=1, or use an outlet edge)'
			);
		const { since, limit } = c.req.valid('query');
		const outlet = c.get('outlet');
		const { rows } = await deps.db.query<OrderRow>(
			`select ${ORDER_WIRE_COLUMNS} from orders
			  where outlet_id = $1 and ($2::timestamptz is null or changed_at > $2::timestamptz)
			  order by changed_at limit $3`,
			[outlet.id, since ?? null, limit + 1]
		);
		const page = rows.slice(0, limit);
		return c.json(
			{
				success: true as const,
				data: {
					orders: page.map(orderWire),
					sync_checkpoint: page[page.length - 1]?.changed_at ?? since ?? EPOCH,
					has_more: rows.length > limit
				}
			},
			200
		);
	});
}
