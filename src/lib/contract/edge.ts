// Wire schemas of the outlet edge's extension of the cloud contract (docs/edge.md): the one-edge-per-outlet claim.
import { z } from 'zod';

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
