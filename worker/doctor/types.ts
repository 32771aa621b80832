// Why: the doctor's report is codes and figures only (no words): the UI and the command line turn each code into a sentence in the reader's language.

export const DOCTOR_CODES = [
	// passes
	'ok',
	'ok_login',
	'ok_rows',
	'ok_paging',
	'ok_photos',
	'ok_checksum',
	'ok_dry_run',
	'ok_stream_message',
	'ok_stream_keepalive',
	'ok_dns',
	'ok_tls',
	'ok_clock',
	'ok_cors',
	'ok_cors_observed',
	'same_origin',
	'ok_no_redirect',
	'ok_latency',
	'ok_written',
	'ok_analytics_none',
	// failures and warnings
	'http_400',
	'http_400_missing',
	'http_400_invalid',
	'http_401',
	'http_403',
	'http_404',
	'http_429',
	'http_5xx',
	'http_status',
	'network',
	'timeout',
	'not_json',
	'envelope',
	'schema_type',
	'schema_missing',
	'schema_other',
	'paging_repeats',
	'paging_skips',
	'paging_limit',
	'paging_has_more',
	'checksum_mismatch',
	'checksum_list_mismatch',
	'version_missing',
	'dry_run_ignored',
	'stream_bad_signature',
	'stream_silent',
	'stream_not_sse',
	'dns_failed',
	'tls_failed',
	'tls_expired',
	'tls_expires_soon',
	'tls_hostname',
	'clock_ahead',
	'clock_behind',
	'cors_refused',
	'cors_or_network',
	'redirected',
	'slow',
	'outlet_not_found',
	// not run
	'paging_too_few',
	'no_photos',
	'dry_run_unsupported',
	'tls_plain_http',
	'browser_not_checkable',
	'clock_no_date',
	'cors_no_origin',
	'login_saved_session',
	'refresh_saved_session',
	'blocked',
	'write_off',
	'write_off_app'
] as const;
export type DoctorCode = (typeof DOCTOR_CODES)[number];

export type CheckStatus = 'pass' | 'fail' | 'warn' | 'skip';
export type CheckGroup = 'transport' | 'ho' | 'cloud';

export interface DoctorCheck {
	/** Stable id for tests and monitoring, e.g. `ho.categories` or `ho.categories.paging`. */
	id: string;
	group: CheckGroup;
	/** What was called, shown as is: `GET /api/sync/categories/`. */
	target: string;
	status: CheckStatus;
	code: DoctorCode;
	/** Figures and server text the sentence is filled with. */
	params: Record<string, string | number>;
	/** Milliseconds of the call(s) behind this check; null when nothing was sent. */
	ms: number | null;
	/** A failing required check makes the command line exit non-zero. */
	required: boolean;
}

export interface DoctorReport {
	startedAt: string;
	/** Wall time of the whole run. */
	ms: number;
	hoUrl: string;
	cloudUrl: string | null;
	/** Where the checks ran: the command line can see DNS/TLS, the browser cannot. */
	runner: 'cli' | 'browser';
	checks: DoctorCheck[];
	/** No required check failed. */
	ok: boolean;
}
