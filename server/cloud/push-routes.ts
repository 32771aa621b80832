// Routes: push one order, transaction or product update (seed 004 "Push Data ke Cloud").
import { createRoute } from '@hono/zod-openapi';
import {
	OrderPush,
	OrderPushResponse,
	OutletParams,
	ProductPush,
	ProductPushResponse,
	PushResponse,
	TransactionPush
} from '../../src/lib/contract/cloud.ts';
import type { Deps } from '../deps.ts';
import { errorResponses, jsonBody, okJson, outletRoute, type CloudApp } from './http.ts';
import { pushOrder, pushTransaction } from './push-orders.ts';
import { pushProduct } from './push-products.ts';

const base = '/api/v1/outlets/{outlet_id}';
const errors = errorResponses(400, 401, 403, 413, 422, 429);

const orders = createRoute({
	...outletRoute,
	method: 'post',
	path: `${base}/orders`,
	summary:
		'Push an order; idempotent by local_id (a higher version updates it). With shared open orders, an edit based on a version another till moved on answers status "conflict" (HTTP 200)',
	request: { params: OutletParams, body: jsonBody(OrderPush) },
	responses: {
		200: okJson(OrderPushResponse, 'Stored (or already stored: the first cloud_id), or a conflict'),
		...errors
	}
});
const transactions = createRoute({
	...outletRoute,
	method: 'post',
	path: `${base}/transactions`,
	summary: 'Push a payment transaction; idempotent by local_id',
	request: { params: OutletParams, body: jsonBody(TransactionPush) },
	responses: { 200: okJson(PushResponse, 'Stored (or already stored: the first cloud_id)'), ...errors }
});
const products = createRoute({
	...outletRoute,
	method: 'post',
	path: `${base}/products`,
	summary:
		'Push a product update; applied when `version` is the current cloud version, else a conflict per differing field (HTTP 200, status "conflict")',
	request: { params: OutletParams, body: jsonBody(ProductPush) },
	responses: {
		200: okJson(ProductPushResponse, 'Applied (new version) or not applied with the conflicts it opened'),
		...errorResponses(400, 401, 403, 404, 413, 429)
	}
});

export function registerPush(app: CloudApp, deps: Deps): void {
	app.openapi(orders, async (c) =>
		c.json(
			{
				success: true as const,
				data: await pushOrder(deps.db, c.get('outlet'), c.req.valid('json'), deps.config.shareOpenOrders)
			},
			200
		)
	);
	app.openapi(transactions, async (c) =>
		c.json(
			{ success: true as const, data: await pushTransaction(deps.db, c.get('outlet'), c.req.valid('json')) },
			200
		)
	);
	// 200 for a conflict too: the request was understood and answered; the body says it was not applied,
	// exactly as the batch reports the same item with status "conflict".
	app.openapi(products, async (c) =>
		c.json(
			{ success: true as const, data: await pushProduct(deps.db, c.get('outlet'), c.req.valid('json')) },
			200
		)
	);
}
