// Routes: the outlet's conflicts and their resolution (seed 004 "Conflict Resolution").
import { createRoute } from '@hono/zod-openapi';
import {
	AlreadyResolvedBody,
	ConflictListResponse,
	ConflictParams,
	ConflictsQuery,
	OutletParams,
	PRODUCT_PUSH_FIELDS,
	ResolveRequest,
	ResolveResponse,
	type ConflictRecord,
	type ConflictStrategy,
	type ResolveResult
} from '../../src/lib/contract/cloud.ts';
import { isUuid } from '../../src/lib/contract/ho.ts';
import type { Deps } from '../deps.ts';
import type { Queryable } from '../db/types.ts';
import { isoUs } from '../db/sql.ts';
import { HttpError } from '../http/envelope.ts';
import { errorResponses, jsonBody, okJson, outletRoute, type CloudApp, type Outlet } from './http.ts';
import { companyOutlets, publishProductUpdate } from '../events.ts';
import { readProduct } from './push-products.ts';
import { ORDER_CONFLICT_FIELD, resolveOrderConflict } from './shared-order-conflicts.ts';

const list = createRoute({
	...outletRoute,
	method: 'get',
	path: '/api/v1/outlets/{outlet_id}/conflicts',
	summary: "The outlet's conflicts (default: open ones), oldest first",
	request: { params: OutletParams, query: ConflictsQuery },
	responses: { 200: okJson(ConflictListResponse, 'Conflicts'), ...errorResponses(400, 401, 403, 429) }
});
const resolve = createRoute({
	...outletRoute,
	method: 'post',
	path: '/api/v1/outlets/{outlet_id}/conflicts/{conflict_id}/resolve',
	summary:
		'Resolve a conflict: cloud_wins keeps the cloud value; local_wins writes the outlet value (version + 1, entity.updated to every outlet); newest_wins picks by updated_at',
	request: { params: ConflictParams, body: jsonBody(ResolveRequest) },
	responses: {
		200: okJson(ResolveResponse, 'Resolved'),
		409: okJson(AlreadyResolvedBody, 'Resolved before: the earlier answer'),
		...errorResponses(400, 401, 403, 404, 429)
	}
});

const COLUMNS = `id::text as conflict_id, entity_type, cloud_id, local_id, field, cloud_value, cloud_version,
	${isoUs('cloud_updated_at')} as cloud_updated_at, local_value, local_version, ${isoUs('local_updated_at')} as local_updated_at,
	status, ${isoUs('created_at')} as created_at, strategy, applied_value, new_version, resolved_by, notes,
	${isoUs('resolved_at')} as resolved_at`;

const answerOf = (r: ConflictRecord): ResolveResult => ({
	resolved: true,
	applied_value: r.applied_value,
	new_version: Number(r.new_version),
	resolved_at: String(r.resolved_at)
});

async function resolveOne(
	q: Queryable,
	outlet: Outlet,
	conflictId: string,
	req: {
		strategy: ConflictStrategy;
		resolved_by: string;
		notes?: string | undefined;
	}
): Promise<ResolveResult> {
	const notFound = new HttpError(404, 'not_found', `Conflict ${conflictId} not found`);
	if (!isUuid(conflictId)) throw notFound;
	const { rows } = await q.query<ConflictRecord>(
		`select ${COLUMNS} from conflicts where id = $1 and outlet_id = $2 for update`,
		[conflictId, outlet.id]
	);
	const conflict = rows[0];
	if (!conflict) throw notFound;
	if (conflict.status === 'resolved')
		throw new HttpError(
			409,
			'conflict_already_resolved',
			`Conflict ${conflictId} was already resolved (${conflict.strategy})`,
			{
				data: answerOf(conflict)
			}
		);
	if (conflict.entity_type === 'order') {
		// Shared open orders (shared-order-conflicts.ts): the whole order is the field.
		const r = await resolveOrderConflict(q, outlet, conflict, req.strategy);
		return markResolved(q, conflictId, req, r.applied, r.newVersion);
	}
	const product = await readProduct(q, conflict.cloud_id, outlet.companyId, true);
	const localNewer = Date.parse(conflict.local_updated_at) > Date.parse(conflict.cloud_updated_at);
	const takeLocal = req.strategy === 'local_wins' || (req.strategy === 'newest_wins' && localNewer);
	let applied: unknown;
	let newVersion: number;
	if (!product || product.is_deleted) {
		// Nothing left to write to: the cloud's deletion stands.
		applied = conflict.cloud_value;
		newVersion = Number(product?.version ?? conflict.cloud_version);
	} else if (takeLocal) {
		await q.query(
			`update products set ${conflict.field} = $2, version = version + 1, updated_at = now() where id = $1`,
			[conflict.cloud_id, conflict.local_value]
		);
		const row = (await readProduct(q, conflict.cloud_id, outlet.companyId, false)) ?? product;
		applied = row[conflict.field];
		newVersion = Number(row.version);
		await publishProductUpdate(
			q,
			row,
			await companyOutlets(q, outlet.companyId),
			req.resolved_by,
			`Conflict on ${conflict.field} resolved (${req.strategy}) at outlet ${outlet.code}`
		);
	} else {
		applied = product[conflict.field];
		newVersion = Number(product.version);
	}
	return markResolved(q, conflictId, req, applied, newVersion);
}

type ResolveAsked = { strategy: ConflictStrategy; resolved_by: string; notes?: string | undefined };

async function markResolved(
	q: Queryable,
	conflictId: string,
	req: ResolveAsked,
	applied: unknown,
	newVersion: number
): Promise<ResolveResult> {
	const { rows: done } = await q.query<{ resolved_at: string }>(
		`update conflicts set status = 'resolved', strategy = $2, applied_value = $3, new_version = $4, resolved_by = $5,
		        notes = $6, resolved_at = now()
		  where id = $1 returning ${isoUs('resolved_at')} as resolved_at`,
		[
			conflictId,
			req.strategy,
			JSON.stringify(applied ?? null),
			newVersion,
			req.resolved_by,
			req.notes ?? null
		]
	);
	return {
		resolved: true,
		applied_value: applied ?? null,
		new_version: newVersion,
		resolved_at: String(done[0]?.resolved_at)
	};
}

/** Fields resolve may write: the product fields a push can conflict on (never an arbitrary column). */
const WRITABLE = new Set<string>(PRODUCT_PUSH_FIELDS);

export function registerConflicts(app: CloudApp, deps: Deps): void {
	app.openapi(list, async (c) => {
		const { status } = c.req.valid('query');
		const { rows } = await deps.db.query<ConflictRecord>(
			`select ${COLUMNS} from conflicts where outlet_id = $1 and ($2 = 'all' or status = $2) order by created_at, id limit 1000`,
			[c.get('outlet').id, status]
		);
		return c.json({ success: true as const, data: { conflicts: rows } }, 200);
	});

	app.openapi(resolve, async (c) => {
		const { conflict_id } = c.req.valid('param');
		const body = c.req.valid('json');
		const outlet = c.get('outlet');
		const result = await deps.db.tx(async (q) => {
			const { rows } = await q.query<{ field: string; entity_type: string }>(
				'select field, entity_type from conflicts where id::text = $1',
				[conflict_id]
			);
			const orderWhole = rows[0]?.entity_type === 'order' && rows[0].field === ORDER_CONFLICT_FIELD;
			if (rows[0] && !orderWhole && !WRITABLE.has(rows[0].field))
				throw new HttpError(400, 'validation_error', 'field cannot be resolved');
			return resolveOne(q, outlet, conflict_id, body);
		});
		return c.json({ success: true as const, data: result }, 200);
	});
}
