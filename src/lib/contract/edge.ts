// Wire shapes of the outlet edge (docs/edge.md): its status (GET /api/edge/status, which the tablet's settings page reads
// from its configured address to say whether it goes through an edge and how that edge is), and the extension of the cloud
// contract for the one-edge-per-outlet claim.
import { z } from 'zod';

export const EdgeUpstreamStatus = z.object({
	/** The edge's last upstream request got an HTTP answer (of any status). */
	reachable: z.boolean(),
	last_ok_at: z.string().nullable(),
	last_error: z.string().nullable()
});

export const EdgeModeStatus = z.object({
	mode: z.literal('edge'),
	edge_id: z.string(),
	outlet: z.object({ id: z.string(), code: z.string() }).nullable(),
	upstream: EdgeUpstreamStatus,
	/** Per part (mirror, forwarder, relay, claim …) its own status: the forwarder's has `backlog`, the claim's `state`. */
	parts: z.record(z.string(), z.record(z.string(), z.unknown()))
});

/** A server that is not an edge answers only its mode. */
export const ServerModeStatus = z.object({ mode: z.literal('server') });

export const EdgeStatusResponse = z.discriminatedUnion('mode', [EdgeModeStatus, ServerModeStatus]);
export type EdgeModeStatus = z.infer<typeof EdgeModeStatus>;
export type EdgeStatus = z.infer<typeof EdgeStatusResponse>;

export const EdgeClaimRequest = z
	.object({
		edge_id: z
			.string()
			.min(1, 'is required')
			.max(200)
			.meta({ description: "The edge's stable id (EDGE_ID)" }),
		host: z.string().max(200).meta({ description: 'Where the edge runs (host name), shown to a second edge' })
	})
	.meta({ id: 'EdgeClaimRequest' });
export type EdgeClaimRequest = z.infer<typeof EdgeClaimRequest>;

export const EdgeClaimResponse = z
	.object({
		success: z.literal(true),
		lease_seconds: z
			.number()
			.int()
			.meta({ description: 'The claim lapses this long after the last renewal; renew every third of it' })
	})
	.meta({ id: 'EdgeClaimResponse' });
export type EdgeClaimResponse = z.infer<typeof EdgeClaimResponse>;

/** 409: another edge holds this outlet's lease. */
export const EdgeConflictBody = z
	.object({
		success: z.literal(false),
		error: z.literal('edge_conflict'),
		message: z.string(),
		edge_id: z.string().meta({ description: 'The edge that holds the outlet' }),
		host: z.string(),
		last_seen_at: z.string().meta({ description: 'Its last renewal, ISO 8601 UTC' }),
		retry_after: z.number().int().meta({ description: 'Seconds until its lease lapses unless renewed' })
	})
	.meta({ id: 'EdgeConflict' });
export type EdgeConflictBody = z.infer<typeof EdgeConflictBody>;
