// Routes: daily summaries (seed 004 "Push Daily Summary": one per outlet and date, a later push
// replaces it) and the outlet's sync status (counts a retry test and a person can read).
import { createRoute } from '@hono/zod-openapi';
import {
	DailySummaryPush,
	DailySummaryPushResponse,
	DailySummaryQuery,
	DailySummaryResponse,
	OutletParams,
	SHARED_ORDERS_FEATURE,
	SyncStatusResponse,
	type DailySummary
} from '../../src/lib/contract/cloud.ts';
import type { Deps } from '../deps.ts';
import { isoUs } from '../db/sql.ts';
import { HttpError } from '../http/envelope.ts';
import { errorResponses, jsonBody, okJson, outletRoute, type CloudApp } from './http.ts';
import { checkBodyOutlet, stampPush } from './outlets.ts';

const path = '/api/v1/outlets/{outlet_id}/analytics/daily';
const push = createRoute({
	...outletRoute,
	method: 'post',
	path,
	summary: 'Store the daily summary of one date (replaces an earlier push for that date)',
	request: { params: OutletParams, body: jsonBody(DailySummaryPush) },
	responses: { 200: okJson(DailySummaryPushResponse, 'Stored'), ...errorResponses(400, 401, 403, 413, 429) }
});
const read = createRoute({
	...outletRoute,
	method: 'get',
	path,
	summary: 'Read back the stored daily summary of one date',
	request: { params: OutletParams, query: DailySummaryQuery },
	responses: { 200: okJson(DailySummaryResponse, 'The summary'), ...errorResponses(400, 401, 403, 404, 429) }
});
const status = createRoute({
	...outletRoute,
	method: 'get',
	path: '/api/v1/outlets/{outlet_id}/sync/status',
	summary:
		'What the cloud holds for this outlet: order and transaction counts, open conflicts, last push and pull',
	request: { params: OutletParams },
	responses: { 200: okJson(SyncStatusResponse, 'Counts'), ...errorResponses(401, 403, 429) }
});

export function registerAnalytics(app: CloudApp, deps: Deps): void {
	app.openapi(push, async (c) => {
		const body = c.req.valid('json');
		const outlet = c.get('outlet');
		checkBodyOutlet(outlet, body);
		// xmax is 0 on a row this statement inserted and set on one it updated: the upsert itself says
		// which happened, so two concurrent first pushes answer replaced false and true, not false twice.
		const out = await deps.db.tx(async (q) => {
			const { rows } = await q.query<{ received_at: string; replaced: boolean }>(
				`insert into analytics_daily (outlet_id, date, summary) values ($1, $2, $3)
				 on conflict (outlet_id, date) do update set summary = excluded.summary, received_at = now()
				 returning ${isoUs('received_at')} as received_at, (xmax::text <> '0') as replaced`,
				[outlet.id, body.date, JSON.stringify(body.summary)]
			);
			await stampPush(q, outlet.id);
			return { received_at: String(rows[0]?.received_at), replaced: rows[0]?.replaced === true };
		});
		return c.json({ success: true as const, data: { outlet_id: outlet.id, date: body.date, ...out } }, 200);
	});

	app.openapi(read, async (c) => {
		const { date } = c.req.valid('query');
		const outlet = c.get('outlet');
		const { rows } = await deps.db.query<{ summary: DailySummary; received_at: string }>(
			`select summary, ${isoUs('received_at')} as received_at from analytics_daily where outlet_id = $1 and date = $2`,
			[outlet.id, date]
		);
		const row = rows[0];
		if (!row) throw new HttpError(404, 'not_found', `No daily summary for ${date}`);
		return c.json(
			{
				success: true as const,
				data: { outlet_id: outlet.id, date, summary: row.summary, received_at: row.received_at }
			},
			200
		);
	});

	app.openapi(status, async (c) => {
		const outlet = c.get('outlet');
		const { rows } = await deps.db.query<{
			orders: string;
			transactions: string;
			open_conflicts: string;
			last_push_at: string | null;
			last_pull_at: string | null;
			last_event_id: string;
		}>(
			`select (select count(*) from orders where outlet_id = $1) as orders,
			        (select count(*) from transactions where outlet_id = $1) as transactions,
			        (select count(*) from conflicts where outlet_id = $1 and status = 'open') as open_conflicts,
			        (select ${isoUs('last_push_at')} from outlet_checkpoints where outlet_id = $1) as last_push_at,
			        (select ${isoUs('last_pull_at')} from outlet_checkpoints where outlet_id = $1) as last_pull_at,
			        (select coalesce(max(id), 0) from events where outlet_id = $1 or outlet_id is null) as last_event_id`,
			[outlet.id]
		);
		const r = rows[0];
		return c.json(
			{
				success: true as const,
				data: {
					outlet_id: outlet.id,
					outlet_code: outlet.code,
					orders: Number(r?.orders ?? 0),
					transactions: Number(r?.transactions ?? 0),
					open_conflicts: Number(r?.open_conflicts ?? 0),
					last_push_at: r?.last_push_at ?? null,
					last_pull_at: r?.last_pull_at ?? null,
					last_event_id: Number(r?.last_event_id ?? 0),
					features: deps.config.shareOpenOrders ? [SHARED_ORDERS_FEATURE] : []
				}
			},
			200
		);
	});
}
