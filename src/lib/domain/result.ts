// Why: errors a cashier can trigger are values with codes (never throws), so the UI can turn them into sentences.
// The one result shape of the project: the domain, the worker's handlers and the services all answer with it.
export type Ok<T> = { readonly ok: true; readonly value: T };
export type Err<E> = { readonly ok: false; readonly error: E };
export type Result<T, E> = Ok<T> | Err<E>;

/** A failure crossing a boundary (worker → UI): a code from `errors.ts`'s table and a sentence for logs. */
export type CodedError<C extends string = string> = { readonly code: C; readonly message: string };

export function ok<T>(value: T): Ok<T> {
	return { ok: true, value };
}

export function err<E>(error: E): Err<E> {
	return { ok: false, error };
}
