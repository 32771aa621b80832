// Why: how the sync-statistics panel words what it shows (what to do about an error code, byte sizes); the read itself is `services/sync-stats.service.ts`.

/** The error codes the worker stores, mapped to what the manager can do about each. */
export const ERROR_TODO: Record<
	string,
	| 'offline'
	| 'unauthorized'
	| 'forbidden'
	| 'not_configured'
	| 'rate_limited'
	| 'server_error'
	| 'bad_signature'
> = {
	offline: 'offline',
	timeout: 'offline',
	pull_failed: 'offline',
	stream_error: 'offline',
	unauthorized: 'unauthorized',
	invalid_api_key: 'forbidden',
	forbidden: 'forbidden',
	not_configured: 'not_configured',
	rate_limited: 'rate_limited',
	server_error: 'server_error',
	bad_signature: 'bad_signature'
};

export function formatBytes(n: number, locale = 'id-ID'): string {
	const units = ['B', 'KB', 'MB', 'GB', 'TB'];
	let i = 0;
	let v = n;
	while (v >= 1024 && i < units.length - 1) {
		v /= 1024;
		i++;
	}
	return `${new Intl.NumberFormat(locale, { maximumFractionDigits: i ? 1 : 0 }).format(v)} ${units[i]}`;
}
