// Wire shape of the outlet edge's status (GET /api/edge/status, docs/edge.md): the tablet's settings
// page reads it from its configured address to say whether it goes through an edge and how that edge is.
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
