// Why: the sync's own records on the till that manager and worker tests start from, written once: a finished sync job (as
// worker/jobs writes it) and an undismissed head-office broadcast (as the cloud stream stores it). Each caller gives the
// time it orders by and overrides only what it looks at.
import type { MessageDoc, SyncJobDoc } from '../../src/lib/db/types';

/** A completed one-step sync of every scope; its heartbeat, update and completion follow `started_at` unless given. */
export function syncJobDoc(over: Pick<SyncJobDoc, 'id' | 'started_at'> & Partial<SyncJobDoc>): SyncJobDoc {
	return {
		scope: 'all',
		status: 'completed',
		progress: 100,
		step: 1,
		total_steps: 1,
		current_step: '',
		current_step_message: null,
		results: {},
		totalUpdated: 0,
		message: null,
		error: null,
		heartbeat_at: over.started_at,
		cancel_requested: false,
		updated_at: over.started_at,
		completed_at: over.started_at,
		...over
	};
}

/** An undismissed broadcast titled and worded after its id; `updated_at` follows `received_at` unless given. */
export function messageDoc(over: Pick<MessageDoc, 'id' | 'received_at'> & Partial<MessageDoc>): MessageDoc {
	return {
		kind: 'broadcast',
		title: `Title ${over.id}`,
		message: `Body ${over.id}`,
		level: 'info',
		dismissed: false,
		data: null,
		updated_at: over.received_at,
		...over
	};
}
