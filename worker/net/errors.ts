// Why: network failures are values with codes, so the replicator can tell "offline, wait" from "refused, ask for login" from "retry later".
import { decides } from '../../src/lib/domain/errors';

export type NetErrorCode =
	| 'offline' // fetch failed: no network or server down
	| 'unauthorized' // 401 that a token refresh did not cure
	| 'forbidden'
	| 'rate_limited' // 429: wait retry_after
	| 'not_configured'
	| 'too_large' // 413
	| 'bad_request' // other 4xx
	| 'server_error' // 5xx
	| 'invalid_response' // the body failed the contract schema
	| 'aborted';

export class NetError extends Error {
	constructor(
		readonly code: NetErrorCode,
		message: string,
		readonly status = 0,
		/** Seconds to wait (429). */
		readonly retryAfter = 0,
		/** The error body, for callers that read details (e.g. 409 already resolved). */
		readonly body: unknown = null
	) {
		super(message);
		this.name = 'NetError';
	}

	/** Worth retrying later without user action. */
	get transient(): boolean {
		return decides('transient', this.code);
	}
}

export function isAbort(e: unknown): boolean {
	return (
		(e instanceof DOMException || e instanceof Error) &&
		(e.name === 'AbortError' || (e instanceof NetError && e.code === 'aborted'))
	);
}

export function errorText(e: unknown): string {
	if (e instanceof Error) return e.message;
	return String(e);
}
