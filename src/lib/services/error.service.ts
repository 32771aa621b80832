// Why: one path turns any failure (worker error codes, storage errors, domain errors) into a sentence and a next step for the cashier.
import { boot } from '$lib/app/boot';
import { isQuotaError } from '$lib/db/quota';
import { errorKind, type ErrorKind } from '$lib/domain/errors';
import { isMessageKey, type MessageKey, type Params } from '$lib/i18n/dictionary';
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
	if (error && typeof error === 'object' && 'message' in error) return String(error.message);
	return String(error);
}

/** Screens where a code means something more precise than its general sentence. */
const IN_CONTEXT = {
	/** The setup's HO login: a refusal is the credentials, a failure is the HO. */
	login: {
		unauthorized: 'err.wrong_password',
		bad_request: 'err.wrong_password',
		offline: 'err.ho_unreachable',
		server_error: 'err.ho_unreachable',
		invalid_response: 'err.ho_unreachable'
	},
	/** The setup's cloud check: a refusal is the outlet's API key, another answer the store. */
	cloud: {
		unauthorized: 'err.invalid_api_key',
		forbidden: 'err.invalid_api_key',
		http_error: 'err.store_not_found',
		bad_request: 'err.store_not_found'
	},
	/** The setup's last step: the manager PIN. */
	pin: { pin_short: 'setup.pinShort', pin_mismatch: 'setup.pinMismatch' }
} satisfies Record<string, Partial<Record<string, MessageKey>>>;
export type ErrorContext = keyof typeof IN_CONTEXT;

/**
 * The one path from an error code to the sentence the cashier reads: the screen's own sentence for the code,
 * else `err.<code>`, else the general one with the detail.
 */
export function errorSentence(
	code: string,
	opts: { detail?: string; context?: ErrorContext; params?: Params } = {}
): string {
	const inContext: Partial<Record<string, MessageKey>> = opts.context ? IN_CONTEXT[opts.context] : {};
	const special = inContext[code];
	if (special) return t(special, opts.params);
	const key = `err.${code}`;
	if (code !== 'unknown' && isMessageKey(key)) return t(key, opts.params);
	return t('err.unknown', { detail: opts.detail ?? code });
}

/** The sentence the cashier reads for an error: known codes translate, others show the detail. */
export function describeError(error: unknown, context?: ErrorContext, params?: Params): string {
	return errorSentence(errorCode(error), { detail: errorDetail(error), context, params });
}

/** What the manager can do about a stored sync error, by the code's kind in the one error table. */
const TODO_OF_KIND: Record<ErrorKind, MessageKey> = {
	unreachable: 'st.todo.offline',
	login: 'st.todo.unauthorized',
	refused: 'st.todo.forbidden',
	setup: 'st.todo.not_configured',
	wait: 'st.todo.rate_limited',
	retry: 'st.todo.server_error',
	signature: 'st.todo.bad_signature',
	rejected: 'st.todo.other',
	aborted: 'st.todo.other',
	other: 'st.todo.other'
};

export function errorTodo(code: string): string {
	return t(TODO_OF_KIND[errorKind(code)]);
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
