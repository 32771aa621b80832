// Why: the push bookkeeping a document starts with, or returns to when it changes, written once for every writer.
import type { PushState } from './types';

/** Waiting to be pushed (again): no error, no backoff. */
export const PENDING = {
	sync_status: 'pending',
	sync_error: null,
	sync_attempts: 0,
	next_attempt_at: null
} as const satisfies Pick<PushState, 'sync_status' | 'sync_error' | 'sync_attempts' | 'next_attempt_at'>;

/** A document the cloud has never seen. */
export const NEVER_PUSHED = {
	cloud_id: null,
	synced_version: 0,
	synced_at: null,
	...PENDING
} as const satisfies PushState;
