// Product updates from an outlet: applied when based on the current cloud version, otherwise one
// conflict per differing field (never an overwrite); retries answer the first result.
import { createHash, randomUUID } from 'node:crypto';
import {
	PRODUCT_PUSH_FIELDS,
	type ConflictInfo,
	type ProductConflictResult,
	type ProductPush,
	type PushResult
} from '../../src/lib/contract/cloud.ts';
import type { Db, Queryable, Row } from '../db/types.ts';
import { isoUs } from '../db/sql.ts';
import { companyOutlets, publishEvent, publishProductUpdate } from '../events.ts';
import { HttpError } from '../http/envelope.ts';
import { productColumns } from '../ho/master.ts';
import type { Outlet } from './http.ts';
import { checkBodyOutlet, stampPush } from './outlets.ts';
import { canonical } from './canonical.ts';

export type ProductPushOutcome = PushResult | ProductConflictResult;

export async function readProduct(
	q: Queryable,
	id: string,
	companyId: string,
	lock: boolean
): Promise<Row | undefined> {
	const { rows } = await q.query(
		`select ${productColumns('')} from products where id = $1 and company_id = $2${lock ? ' for update' : ''}`,
		[id, companyId]
	);
	return rows[0];
}

export async function pushProduct(db: Db, outlet: Outlet, p: ProductPush): Promise<ProductPushOutcome> {
	checkBodyOutlet(outlet, p);
	const pushKey = createHash('sha256').update(canonical(p)).digest('hex');
	return db.tx(async (q) => {
		const current = await readProduct(q, p.local_id, outlet.companyId, true);
		if (!current)
			throw new HttpError(404, 'not_found', `Product ${p.local_id} not found for this outlet's company`);
		// After the row lock: a concurrent identical retry waits here and then finds the first answer.
		const { rows: pushed } = await q.query<{ result: ProductPushOutcome }>(
			'select result from product_pushes where outlet_id = $1 and push_key = $2',
			[outlet.id, pushKey]
		);
		if (pushed[0]) return pushed[0].result;
		if (current.is_deleted)
			throw new HttpError(404, 'not_found', `Product ${p.local_id} was deleted on the cloud`);
		if (p.category_id !== undefined && p.category_id !== current.category_id) {
			const { rows } = await q.query(
				'select 1 from categories where id = $1 and company_id = $2 and not is_deleted',
				[p.category_id, outlet.companyId]
			);
			if (!rows.length)
				throw new HttpError(400, 'validation_error', 'category_id is not a category of this company');
		}
		const changed = PRODUCT_PUSH_FIELDS.filter((f) => p[f] !== undefined && p[f] !== current[f]);
		const version = Number(current.version);
		let outcome: ProductPushOutcome;
		if (p.version === version && changed.length) {
			const sets = changed.map((f, i) => `${f} = $${i + 2}`);
			await q.query(
				`update products set ${sets.join(', ')}, version = version + 1, updated_at = now() where id = $1`,
				[p.local_id, ...changed.map((f) => p[f])]
			);
			const row = (await readProduct(q, p.local_id, outlet.companyId, false)) as Row;
			const others = (await companyOutlets(q, outlet.companyId)).filter((id) => id !== outlet.id);
			await publishProductUpdate(q, row, others, `outlet:${outlet.code}`, `Updated at outlet ${outlet.code}`);
			outcome = result(p.local_id, Number(row.version));
		} else if (!changed.length) {
			// Nothing differs: already in step (whatever version the outlet based this on).
			outcome = result(p.local_id, version);
		} else {
			outcome = {
				local_id: p.local_id,
				cloud_id: p.local_id,
				status: 'conflict',
				conflicts: await openConflicts(q, outlet, p, current, changed)
			};
		}
		await q.query(
			`insert into product_pushes (id, outlet_id, local_id, push_key, result, body) values ($1, $2, $3, $4, $5, $6)
			 on conflict (outlet_id, push_key) do nothing`,
			[randomUUID(), outlet.id, p.local_id, pushKey, JSON.stringify(outcome), JSON.stringify(p)]
		);
		await stampPush(q, outlet.id);
		return outcome;
	});
}

const result = (id: string, version: number): PushResult => ({
	cloud_id: id,
	local_id: id,
	version,
	synced_at: new Date().toISOString()
});

async function openConflicts(
	q: Queryable,
	outlet: Outlet,
	p: ProductPush,
	current: Row,
	fields: readonly (typeof PRODUCT_PUSH_FIELDS)[number][]
): Promise<ConflictInfo[]> {
	const out: ConflictInfo[] = [];
	const timestamp = new Date().toISOString();
	for (const field of fields) {
		const { rows } = await q.query<ConflictInfo>(
			`insert into conflicts (id, outlet_id, entity_type, cloud_id, local_id, field, cloud_value, cloud_version,
			                        cloud_updated_at, local_value, local_version, local_updated_at)
			 values ($1, $2, 'product', $3, $3, $4, $5, $6, $7, $8, $9, $10)
			 returning id::text as conflict_id, field, cloud_value, cloud_version, ${isoUs('cloud_updated_at')} as cloud_updated_at,
			           local_value, local_version, ${isoUs('local_updated_at')} as local_updated_at`,
			[
				randomUUID(),
				outlet.id,
				p.local_id,
				field,
				JSON.stringify(current[field] ?? null),
				Number(current.version),
				current.updated_at,
				JSON.stringify(p[field] ?? null),
				p.version,
				p.updated_at
			]
		);
		const c = rows[0] as ConflictInfo;
		out.push(c);
		const { conflict_id, ...conflict } = c;
		await publishEvent(q, {
			outletId: outlet.id,
			event: 'sync.conflict',
			payload: {
				event: 'sync.conflict',
				timestamp,
				entity_type: 'product',
				cloud_id: p.local_id,
				local_id: p.local_id,
				conflict_id,
				conflict,
				resolution_required: true
			}
		});
	}
	return out;
}
