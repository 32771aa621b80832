// Small checks the cloud routes share: body/outlet agreement and push stamps.
import type { Queryable } from '../db/types.ts';
import { HttpError } from '../http/envelope.ts';
import type { Outlet } from './http.ts';

/** A body may repeat outlet_id / outlet_code (the seed's bodies do); when it does they must agree. */
export function checkBodyOutlet(
	outlet: Outlet,
	body: { outlet_id?: string | undefined; outlet_code?: string | undefined }
) {
	if (body.outlet_id !== undefined && body.outlet_id !== outlet.id)
		throw new HttpError(403, 'forbidden', 'outlet_id in the body does not match the outlet');
	if (body.outlet_code !== undefined && body.outlet_code !== outlet.code)
		throw new HttpError(403, 'forbidden', 'outlet_code in the body does not match the outlet');
}

export async function stampPush(q: Queryable, outletId: string): Promise<void> {
	await q.query(
		`insert into outlet_checkpoints (outlet_id, last_push_at) values ($1, now())
		 on conflict (outlet_id) do update set last_push_at = now()`,
		[outletId]
	);
}

export async function stampPull(q: Queryable, outletId: string): Promise<void> {
	await q.query(
		`insert into outlet_checkpoints (outlet_id, last_pull_at) values ($1, now())
		 on conflict (outlet_id) do update set last_pull_at = now()`,
		[outletId]
	);
}
