// Route (Kasir extension for the outlet edge, docs/edge.md): one edge per outlet. An edge claims its outlet and renews
// the claim as a lease; a second edge id for the same outlet is refused with 409 edge_conflict while the lease runs,
// so two edges never forward the same outlet's sales at once.
import { createRoute } from '@hono/zod-openapi';
import { OutletParams } from '../../src/lib/contract/cloud.ts';
import { EdgeClaimRequest, EdgeClaimResponse, EdgeConflictBody } from '../../src/lib/contract/edge.ts';
import type { Deps } from '../deps.ts';
import { isoUs } from '../db/sql.ts';
import { HttpError } from '../http/envelope.ts';
import { log } from '../log.ts';
import { errorResponses, jsonBody, okJson, outletRoute, type CloudApp } from './http.ts';

/** How long a claim outlives its last renewal; edges renew every third of it. */
export const EDGE_LEASE_SECONDS = 60;

const claim = createRoute({
	...outletRoute,
	method: 'post',
	path: '/api/v1/outlets/{outlet_id}/edge/claim',
	summary: `Kasir extension: an outlet edge claims (or renews) its outlet for ${EDGE_LEASE_SECONDS} s; another edge id is refused while that lease runs`,
	request: { params: OutletParams, body: jsonBody(EdgeClaimRequest) },
	responses: {
		200: okJson(EdgeClaimResponse, 'Held by this edge until lease_seconds after now'),
		409: okJson(EdgeConflictBody, 'edge_conflict: another edge serves this outlet'),
		...errorResponses(400, 401, 403, 429)
	}
});

type Holder = { edge_id: string; host: string; last_seen_at: string; expired: boolean; left_s: number };

export function registerEdgeClaim(app: CloudApp, deps: Deps): void {
	app.openapi(claim, async (c) => {
		const outlet = c.get('outlet');
		const { edge_id, host } = c.req.valid('json');
		await deps.db.tx(async (q) => {
			const { rows } = await q.query<Holder>(
				`select edge_id, host, ${isoUs('last_seen_at')} as last_seen_at,
				        last_seen_at < now() - make_interval(secs => $2) as expired,
				        ceil(greatest(0, extract(epoch from (last_seen_at + make_interval(secs => $2) - now()))))::int as left_s
				   from edge_claims where outlet_id = $1 for update`,
				[outlet.id, EDGE_LEASE_SECONDS]
			);
			const holder = rows[0];
			if (holder && holder.edge_id !== edge_id && !holder.expired) {
				log('warn', 'edge claim refused', { outlet: outlet.code, edge_id, holder: holder.edge_id });
				throw new HttpError(
					409,
					'edge_conflict',
					`Outlet ${outlet.code} is already served by edge ${holder.edge_id} (${holder.host || 'unknown host'}), last seen ${holder.last_seen_at}; stop that edge, or wait ${holder.left_s} s for its lease to lapse`,
					{
						edge_id: holder.edge_id,
						host: holder.host,
						last_seen_at: holder.last_seen_at,
						retry_after: holder.left_s
					}
				);
			}
			await q.query(
				`insert into edge_claims (outlet_id, edge_id, host) values ($1, $2, $3)
				 on conflict (outlet_id) do update set
				   claimed_at = case when edge_claims.edge_id = excluded.edge_id then edge_claims.claimed_at else now() end,
				   edge_id = excluded.edge_id, host = excluded.host, last_seen_at = now()`,
				[outlet.id, edge_id, host]
			);
		});
		return c.json({ success: true as const, lease_seconds: EDGE_LEASE_SECONDS }, 200);
	});
}
