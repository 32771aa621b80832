// Routes (Kasir extension beside analytics): the cloud's side of end-of-day reconciliation. It computes
// the till's figures over what it stored for one outlet and business day, lists the orders on request,
// and keeps the outcome the till arrived at.
import { createRoute } from '@hono/zod-openapi';
import {
	OutletParams,
	ReconciliationOutcomePush,
	ReconciliationOutcomeResponse,
	ReconciliationQuery,
	ReconciliationResponse
} from '../../src/lib/contract/cloud.ts';
import { businessDayRange, dayStartOf } from '../../src/lib/domain/business-day.ts';
import {
	dayFigures,
	entryOf,
	RECONCILED_STATUSES,
	type ReconcileOrder
} from '../../src/lib/domain/reconcile.ts';
import type { Deps } from '../deps.ts';
import { isoUs } from '../db/sql.ts';
import { errorResponses, jsonBody, okJson, outletRoute, type CloudApp } from './http.ts';
import { stampPush } from './outlets.ts';

const path = '/api/v1/outlets/{outlet_id}/analytics/reconciliation';
const read = createRoute({
	...outletRoute,
	method: 'get',
	path,
	summary:
		"Kasir extension: the figures and order-set digest of one business day over the orders the cloud stored (by created_at in the outlet's zone and day boundary)",
	request: { params: OutletParams, query: ReconciliationQuery },
	responses: { 200: okJson(ReconciliationResponse, 'The figures'), ...errorResponses(400, 401, 403, 429) }
});
const keep = createRoute({
	...outletRoute,
	method: 'post',
	path,
	summary: 'Kasir extension: store the outcome of a reconciliation the till ran (replaces an earlier one)',
	request: { params: OutletParams, body: jsonBody(ReconciliationOutcomePush) },
	responses: {
		200: okJson(ReconciliationOutcomeResponse, 'Stored'),
		...errorResponses(400, 401, 403, 413, 429)
	}
});

type Row = {
	local_id: string;
	version: number;
	total_amount: string;
	status: string;
	payment_info: ReconcileOrder['payment_info'];
};

export function registerReconciliation(app: CloudApp, deps: Deps): void {
	app.openapi(read, async (c) => {
		const query = c.req.valid('query');
		const outlet = c.get('outlet');
		const { rows: stores } = await deps.db.query<{ timezone: string | null; config: unknown }>(
			'select timezone, config from stores where id = $1',
			[outlet.id]
		);
		const store = stores[0];
		const timeZone = store?.timezone || 'Asia/Jakarta';
		const dayStart = query.day_start ?? dayStartOf(typeof store?.config === 'object' ? store.config : null);
		const { from, to } = businessDayRange(query.date, timeZone, dayStart);
		const { rows } = await deps.db.query<Row>(
			`select local_id, version, total_amount::text as total_amount, status, payment_info from orders
			  where outlet_id = $1 and created_at >= $2 and created_at < $3 and status = any($4)`,
			[outlet.id, from, to, [...RECONCILED_STATUSES]]
		);
		// Refunds (extension: transactions of type refund) of the day's orders, counted with the orders they belong to.
		const { rows: refundRows } = await deps.db.query<{
			order_id: string;
			local_id: string;
			method: string;
			amount: string;
			at: string;
		}>(
			`select order_id, local_id, payment_method as method, (-total_amount)::text as amount, ${isoUs('created_at')} as at
			   from transactions where outlet_id = $1 and type = 'refund' and order_id = any($2::text[])`,
			[outlet.id, rows.map((r) => r.local_id)]
		);
		const refundsOf = new Map<string, NonNullable<ReconcileOrder['refunds']>[number][]>();
		for (const x of refundRows)
			refundsOf.set(x.order_id, [
				...(refundsOf.get(x.order_id) ?? []),
				{ local_id: x.local_id, method: x.method, amount: Number(x.amount), refunded_at: x.at }
			]);
		const orders: ReconcileOrder[] = rows.map((r) => ({
			local_id: r.local_id,
			version: r.version,
			total_amount: Number(r.total_amount),
			status: r.status,
			payment_info: r.payment_info,
			refunds: r.status === 'paid' ? (refundsOf.get(r.local_id) ?? []) : []
		}));
		return c.json(
			{
				success: true as const,
				data: {
					outlet_id: outlet.id,
					date: query.date,
					time_zone: timeZone,
					day_start: dayStart,
					from,
					to,
					figures: dayFigures(orders),
					...(query.ids === '1' ? { orders: orders.map(entryOf) } : {})
				}
			},
			200
		);
	});

	app.openapi(keep, async (c) => {
		const body = c.req.valid('json');
		const outlet = c.get('outlet');
		const received_at = await deps.db.tx(async (q) => {
			const { rows } = await q.query<{ received_at: string }>(
				`insert into reconciliations (outlet_id, date, status, outcome) values ($1, $2, $3, $4)
				 on conflict (outlet_id, date) do update set status = excluded.status, outcome = excluded.outcome, received_at = now()
				 returning ${isoUs('received_at')} as received_at`,
				[outlet.id, body.date, body.status, JSON.stringify(body)]
			);
			await stampPush(q, outlet.id);
			return String(rows[0]?.received_at);
		});
		return c.json(
			{
				success: true as const,
				data: { outlet_id: outlet.id, date: body.date, status: body.status, received_at }
			},
			200
		);
	});
}
