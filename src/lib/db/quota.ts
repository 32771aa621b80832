// Why: a full disk reaches us in many wrappings (DOMException `QuotaExceededError`, Dexie's `AbortError` with it as `inner`, RxDB errors
// carrying it in `parameters`, a comlink-serialised copy with only the message): one test recognises them all.

const QUOTA_NAMES = new Set(['QuotaExceededError', 'NS_ERROR_DOM_QUOTA_REACHED']);
const QUOTA_TEXT = /QuotaExceeded|quota (has been )?exceeded|exceeded the quota|NS_ERROR_DOM_QUOTA_REACHED/i;

/** True when `error`, or anything it wraps (inner, cause, parameters, errors…), is the storage refusing a write for lack of space. */
export function isQuotaError(error: unknown, depth = 0): boolean {
	if (!error || typeof error !== 'object' || depth > 6) return false;
	const e = error as Record<string, unknown>;
	if (typeof e.name === 'string' && QUOTA_NAMES.has(e.name)) return true;
	// Legacy DOMException code 22 is QUOTA_EXCEEDED_ERR.
	// eslint-disable-next-line @typescript-eslint/no-deprecated -- older WebKit reports a full disk only by the legacy code
	if (error instanceof DOMException && error.code === 22) return true;
	if (typeof e.message === 'string' && QUOTA_TEXT.test(e.message)) return true;
	for (const k of ['inner', 'cause', 'innerError', 'error', 'parameters', 'writeError']) {
		if (k in e && isQuotaError(e[k], depth + 1)) return true;
	}
	for (const k of ['errors', 'failures']) {
		const list = e[k];
		if (Array.isArray(list) && list.some((x) => isQuotaError(x, depth + 1))) return true;
		if (list && typeof list === 'object' && !Array.isArray(list))
			if (Object.values(list).some((x) => isQuotaError(x, depth + 1))) return true;
	}
	return false;
}
