// Wire schema of `GET /api/edge/status` (docs/edge.md): an outlet edge describes itself and its upstream; the reference
// server answers `{ mode: 'server' }`. Read by the tablet's settings page (through the worker) and by the tests.
import { z } from 'zod';

export const EdgeUpstreamState = z
	.object({
		reachable: z.boolean(),
		last_ok_at: z.string().nullable(),
		last_error: z.string().nullable()
	})
	.loose();

export const EdgeStatusBody = z.discriminatedUnion('mode', [
	z.object({ mode: z.literal('server') }).loose(),
	z
		.object({
			mode: z.literal('edge'),
			edge_id: z.string(),
			outlet: z.object({ id: z.string(), code: z.string() }).loose().nullable(),
			upstream: EdgeUpstreamState,
			/** Each running part's own status (the forwarder's has `backlog`, the claim's `state`). */
			parts: z.record(z.string(), z.record(z.string(), z.unknown()))
		})
		.loose()
]);
export type EdgeStatusBody = z.infer<typeof EdgeStatusBody>;

export const EDGE_CLAIM_STATES = ['held', 'refused', 'unknown'] as const;
export type EdgeClaimState = (typeof EDGE_CLAIM_STATES)[number];
