// Why: the one table that classifies error codes, and the one table of which classes stop what; every place
// that decides (retry, stop a job, close the stream, end a photo sync, split a batch) and the UI's advice read it.

/** What kind of trouble a code means, i.e. what would make it go away. */
export type ErrorKind =
	| 'unreachable' // no network or the server is down: wait for the connection
	| 'retry' // the server failed: retry later
	| 'wait' // rate limited: wait retry_after
	| 'login' // refused credentials: log in again
	| 'refused' // the key is refused or belongs elsewhere: check the setup
	| 'setup' // not set up: run the setup
	| 'rejected' // this request (or an item in it) is refused as it is: retrying it unchanged cannot help
	| 'aborted' // cancelled on purpose
	| 'signature' // a signed message failed its check
	| 'other';

/** Every code the worker and the services use that something decides on; others are 'other'. */
export const ERROR_KINDS = {
	offline: 'unreachable',
	timeout: 'unreachable',
	pull_failed: 'unreachable',
	stream_error: 'unreachable',
	server_error: 'retry',
	rate_limited: 'wait',
	unauthorized: 'login',
	forbidden: 'refused',
	invalid_api_key: 'refused',
	not_configured: 'setup',
	too_large: 'rejected',
	bad_request: 'rejected',
	invalid_response: 'rejected',
	aborted: 'aborted',
	bad_signature: 'signature'
} as const satisfies Record<string, ErrorKind>;

const KIND_OF = new Map<string, ErrorKind>(Object.entries(ERROR_KINDS));

export function errorKind(code: string): ErrorKind {
	return KIND_OF.get(code) ?? 'other';
}

/** Each decision, with the kinds of error that lead to it. */
export const DECISIONS = {
	/** Worth retrying later without anyone acting (HO pages, queued resolutions, photo downloads). */
	transient: ['unreachable', 'retry', 'wait'],
	/** A sync job skips its remaining steps: they would fail the same way. */
	stopSyncJob: ['unreachable', 'login', 'setup'],
	/** Background pushing stops retrying until a login or the setup changes something. */
	stopPushRetries: ['login', 'setup'],
	/** The event stream closes until a login or the setup. */
	closeStream: ['login', 'setup', 'refused'],
	/** A photo sync ends: every next download would fail the same way. */
	stopPhotoSync: ['unreachable', 'wait', 'login', 'setup', 'refused', 'aborted'],
	/** Unsent photo status reports are kept for the next sync (a refused report would be refused forever). */
	keepPhotoReport: ['unreachable', 'retry', 'wait', 'login', 'aborted'],
	/** A push batch the cloud refuses is split to isolate the item at fault. */
	splitBatch: ['rejected'],
	/** Push items are marked failed (retried later with backoff) instead of stopping the round. */
	failPushItems: ['rejected', 'retry']
} as const satisfies Record<string, readonly ErrorKind[]>;
export type Decision = keyof typeof DECISIONS;

/** Whether an error with `code` leads to `decision`. */
export function decides(decision: Decision, code: string): boolean {
	const kinds: readonly ErrorKind[] = DECISIONS[decision];
	return kinds.includes(errorKind(code));
}
