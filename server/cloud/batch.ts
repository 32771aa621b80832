// Route: batch push (seed 004 "Batch Push"): at most 1000 items, each validated and stored on its
// own, so a bad item fails alone with a message and the others go through.
import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { matchedRoutes } from 'hono/route';
import type { z } from 'zod';
import {
	BatchItem,
	BatchRequest,
	BatchResponse,
	MAX_BATCH_ITEMS,
	OrderPush,
	OutletParams,
	ProductPush,
	TransactionPush,
	type BatchItemResult,
	type ProductConflictResult,
	type PushResult
} from '../../src/lib/contract/cloud.ts';
import { quickBatchOrder } from '../../src/lib/contract/quick-order.ts';
import { describeUnsafe, findUnsafeJson } from '../../src/lib/contract/safe.ts';
import type { Deps } from '../deps.ts';
import { HttpError } from '../http/envelope.ts';
import { log } from '../log.ts';
import {
	cloudIssueMessage,
	errorResponses,
	jsonBody,
	okJson,
	outletRoute,
	type CloudApp,
	type CloudEnv,
	type FoldedWrite,
	type Outlet
} from './http.ts';
import { checkBodyOutlet } from './outlets.ts';
import { ORDERS, TRANSACTIONS, foldInsert, pushNewInBulk, type BulkPlan, type Stored } from './push-bulk.ts';
import { pushOrder, pushTransaction } from './push-orders.ts';
import { pushProduct } from './push-products.ts';
import { publishOrderUpdated } from './shared-orders.ts';

/** The batch route as Hono's router holds it (`foldBatch` folds only for a request this route answers). */
const BATCH_ROUTE = '/api/v1/outlets/:outlet_id/sync/batch';
const batch = createRoute({
	...outletRoute,
	method: 'post',
	path: '/api/v1/outlets/{outlet_id}/sync/batch',
	summary: `Push up to ${MAX_BATCH_ITEMS} orders, transactions and product updates (≤ 10 MB); one result per item, in item order`,
	request: { params: OutletParams, body: jsonBody(BatchRequest) },
	responses: { 200: okJson(BatchResponse, 'Per-item results'), ...errorResponses(400, 401, 403, 413, 429) }
});

const SCHEMAS: Record<BatchItem['entity_type'], z.ZodType<{ local_id: string }>> = {
	order: OrderPush,
	transaction: TransactionPush,
	product: ProductPush
};

type EntityType = BatchItem['entity_type'];

/** An item stored (or already stored at this version). */
const succeeded = (entity_type: EntityType, r: PushResult): BatchItemResult => ({
	entity_type,
	local_id: r.local_id,
	cloud_id: r.cloud_id,
	status: 'success',
	version: r.version
});

/** An item not applied because the stored copy moved on: its conflicts travel with the result. */
const conflicted = (entity_type: EntityType, r: ProductConflictResult, error: string): BatchItemResult => ({
	entity_type,
	local_id: r.local_id,
	cloud_id: r.cloud_id,
	status: 'conflict',
	error,
	conflicts: r.conflicts
});

function guessLocalId(raw: unknown): string {
	const data = raw && typeof raw === 'object' ? (raw as Record<string, unknown>).data : undefined;
	const id = data && typeof data === 'object' ? (data as Record<string, unknown>).local_id : undefined;
	return typeof id === 'string' ? id : '';
}
function guessType(raw: unknown): string {
	const t = raw && typeof raw === 'object' ? (raw as Record<string, unknown>).entity_type : undefined;
	return typeof t === 'string' ? t : 'unknown';
}

export async function processItem(deps: Deps, outlet: Outlet, raw: unknown): Promise<BatchItemResult> {
	const failed = (error: string, code: string): BatchItemResult => ({
		entity_type: guessType(raw),
		local_id: guessLocalId(raw),
		status: 'failed',
		code,
		error
	});
	// The edge left batch items to us: each one's NUL, surrogates and depth fail that item alone.
	const unsafe = findUnsafeJson(raw);
	if (unsafe) return failed(describeUnsafe(unsafe), 'validation_error');
	const item = BatchItem.safeParse(raw);
	if (!item.success) return failed(cloudIssueMessage(item.error.issues), 'validation_error');
	const { entity_type } = item.data;
	const parsed = SCHEMAS[entity_type].safeParse(item.data.data);
	if (!parsed.success) {
		const issues = parsed.error.issues.map((i) => ({ ...i, path: ['data', ...i.path] }));
		return failed(cloudIssueMessage(issues), 'validation_error');
	}
	try {
		if (entity_type === 'order') {
			const r = await pushOrder(
				deps.db,
				outlet,
				parsed.data as z.infer<typeof OrderPush>,
				deps.config.shareOpenOrders
			);
			if ('status' in r)
				return conflicted(
					entity_type,
					r,
					'Not applied: another till changed this order since this edit began; resolve the conflict'
				);
			return succeeded(entity_type, r);
		}
		if (entity_type === 'transaction') {
			const r = await pushTransaction(deps.db, outlet, parsed.data as z.infer<typeof TransactionPush>);
			return succeeded(entity_type, r);
		}
		const r = await pushProduct(deps.db, outlet, parsed.data as z.infer<typeof ProductPush>);
		if ('status' in r)
			return conflicted(
				entity_type,
				r,
				`Not applied: the cloud changed this product (${r.conflicts.map((x) => x.field).join(', ')}); resolve the conflict`
			);
		return succeeded(entity_type, r);
	} catch (e) {
		if (e instanceof HttpError) return failed(e.message, e.code);
		log('error', 'batch item failed', { entity_type, error: e instanceof Error ? e.stack : String(e) });
		return failed('Internal error while storing this item', 'internal_server_error');
	}
}

/**
 * The batch's new orders and transactions, sorted out for the bulk path with `outlet` (id and code) as the outlet they
 * may name; anything else is left to `processItem`.
 */
function planBulk(outlet: Pick<Outlet, 'id' | 'code'>, items: readonly unknown[]): BulkPlan {
	const plan: BulkPlan = { orders: [], transactions: [], folded: null };
	const sameOutlet = (d: { outlet_id?: string | undefined; outlet_code?: string | undefined }) =>
		(d.outlet_id === undefined || d.outlet_id === outlet.id) &&
		(d.outlet_code === undefined || d.outlet_code === outlet.code);
	items.forEach((raw, index) => {
		// Items with NUL, lone surrogates or deep nesting fail alone in `processItem`, never in bulk.
		if (findUnsafeJson(raw)) return;
		// A well-formed new order is checked by hand, without zod's two copies; anything else is zod's to judge.
		const quick = quickBatchOrder(raw);
		if (quick) {
			if (sameOutlet(quick)) plan.orders.push({ index, data: quick });
			return;
		}
		const item = BatchItem.safeParse(raw);
		if (!item.success) return;
		if (item.data.entity_type === 'order') {
			const p = OrderPush.safeParse(item.data.data);
			if (p.success && sameOutlet(p.data)) plan.orders.push({ index, data: p.data });
		} else if (item.data.entity_type === 'transaction') {
			const p = TransactionPush.safeParse(item.data.data);
			if (p.success && sameOutlet(p.data)) plan.transactions.push({ index, data: p.data });
		}
	});
	return plan;
}

/**
 * `requireOutlet`'s `fold` for `/sync/batch`: when the body is one the route will take (valid, at most
 * MAX_BATCH_ITEMS items, naming no other outlet than the path's and the headers') and holds new orders or
 * transactions, their insert goes into the auth statement (a small batch: one round trip, one commit). The items are
 * sorted out here, with the path's outlet and X-Outlet-Code, which are the key's when the request is admitted; the
 * route then reads the plan (`c.get('bulk')`) instead of sorting them again. Any other body: nothing folded, and the
 * request takes its usual course (auth first, then the route's answer).
 */
export async function foldBatch(c: Context<CloudEnv>): Promise<FoldedWrite | null> {
	if (!matchedRoutes(c).some((r) => r.method === 'POST' && r.path === BATCH_ROUTE)) return null;
	// Only a plain JSON body: any other type is the route validator's to answer (415, or 400), before anything is written.
	if (!PLAIN_JSON.test(c.req.header('content-type') ?? '')) return null;
	const id = c.req.param('outlet_id');
	const code = c.req.header('x-outlet-code');
	if (id === undefined || code === undefined || c.req.header('x-outlet-id') !== id) return null;
	let raw: unknown;
	try {
		raw = await c.req.json();
	} catch {
		return null;
	}
	const body = BatchRequest.safeParse(raw);
	if (!body.success || body.data.items.length > MAX_BATCH_ITEMS) return null;
	if (
		(body.data.outlet_id !== undefined && body.data.outlet_id !== id) ||
		(body.data.outlet_code !== undefined && body.data.outlet_code !== code)
	)
		return null;
	const plan = planBulk({ id, code }, body.data.items);
	const write = foldInsert(plan);
	if (write) c.set('bulk', plan);
	return write;
}
const PLAIN_JSON = /^application\/json\s*(;\s*charset=utf-8\s*)?$/i;

/**
 * New orders and transactions of the batch in one multi-row insert per table; the rest is left to `processItem`.
 * `plan`: the items as `foldBatch` sorted them, and what the folded insert stored.
 */
async function storeNewInBulk(
	deps: Deps,
	outlet: Outlet,
	items: readonly unknown[],
	plan: BulkPlan = planBulk(outlet, items)
): Promise<Map<number, BatchItemResult>> {
	const out = new Map<number, BatchItemResult>();
	const answer = (entity_type: 'order' | 'transaction', done: Map<number, Stored>) => {
		for (const [index, r] of done)
			out.set(index, {
				entity_type,
				local_id: r.local_id,
				cloud_id: r.cloud_id,
				status: 'success',
				version: r.version
			});
	};
	const written = (table: 'orders' | 'transactions') =>
		plan.folded?.table === table ? plan.folded.written : undefined;
	const share = deps.config.shareOpenOrders;
	const newOrders = await pushNewInBulk(deps.db, outlet, ORDERS, plan.orders, !share, written('orders'));
	answer('order', newOrders);
	if (share && newOrders.size)
		await deps.db.tx((q) =>
			publishOrderUpdated(
				q,
				outlet.id,
				[...newOrders.values()].map((r) => r.local_id)
			)
		);
	answer(
		'transaction',
		await pushNewInBulk(deps.db, outlet, TRANSACTIONS, plan.transactions, true, written('transactions'))
	);
	return out;
}

export function registerBatch(app: CloudApp, deps: Deps): void {
	app.openapi(batch, async (c) => {
		const body = c.req.valid('json');
		const outlet = c.get('outlet');
		if (body.items.length > MAX_BATCH_ITEMS)
			throw new HttpError(
				413,
				'payload_too_large',
				`Batch has ${body.items.length} items; at most ${MAX_BATCH_ITEMS} are allowed per request`
			);
		checkBodyOutlet(outlet, body);
		const stored = await storeNewInBulk(deps, outlet, body.items, c.get('bulk'));
		const results: BatchItemResult[] = [];
		for (const [i, raw] of body.items.entries())
			results.push(stored.get(i) ?? (await processItem(deps, outlet, raw)));
		const success = results.filter((r) => r.status === 'success').length;
		const failed = results.filter((r) => r.status === 'failed').length;
		return c.json(
			{
				success: true as const,
				data: {
					processed: results.length,
					success,
					failed,
					conflicts: results.length - success - failed,
					results,
					synced_at: new Date().toISOString()
				}
			},
			200
		);
	});
}
