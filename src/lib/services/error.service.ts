// Why: one path turns any failure (worker error codes, storage errors, domain errors) into a sentence and a next step for the cashier.
import { boot } from '$lib/app/boot';
import { isQuotaError } from '$lib/db/quota';
import { isMessageKey, type MessageKey } from '$lib/i18n/dictionary';
import { t } from '$lib/i18n/i18n.svelte';
import { toasts } from '$lib/managers/toast.svelte';

/** Error codes the worker and the services use; each maps to an `err.<code>` sentence. */
export function errorCode(error: unknown): string {
	// Before `code`: RxDB's own errors carry a code too, with the storage's quota error wrapped inside.
	if (isQuotaError(error)) return 'storage';
	if (error && typeof error === 'object') {
		const e = error as { code?: unknown };
		if (typeof e.code === 'string') return e.code;
	}
	return 'unknown';
}

export function errorDetail(error: unknown): string {
	if (error instanceof Error) return error.message;
	if (error && typeof error === 'object' && 'message' in error)
		return String((error as { message: unknown }).message);
	return String(error);
}

/** The sentence the cashier reads for an error: known codes translate, others show the detail. */
export function describeError(error: unknown): string {
	const code = errorCode(error);
	const key = `err.${code}`;
	if (code !== 'unknown' && isMessageKey(key)) return t(key as MessageKey);
	return t('err.unknown', { detail: errorDetail(error) });
}

/** Reports an error to the cashier (toast) and the console; returns the sentence for inline display. */
export function handleError(error: unknown, context: string): string {
	const sentence = describeError(error);
	console.error(`[kasir] ${context}:`, error);
	toasts.show(sentence, 'error');
	// Storage full: free what can be fetched again now, so the cashier's retry finds room.
	if (errorCode(error) === 'storage')
		void boot()
			.then((a) => a.worker.api.freeStorage(true))
			.catch(() => {});
	return sentence;
}

/** An error value with a code, for services that fail without an exception from below. */
export class AppError extends Error {
	constructor(
		readonly code: string,
		message?: string
	) {
		super(message ?? code);
		this.name = 'AppError';
	}
}
