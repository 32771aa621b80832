// Why: the one holder of the worker's sales area (worker/sales) on the UI thread: the cart and the services that write sales
// are handed it at start (app.service.ts; the tests' openTestTill), and turn its refusals back into the AppErrors they threw.
import type { SalesClient } from '$lib/worker-client';
import { AppError } from './error.service';

let client: SalesClient | null = null;

/** Hands the services and the cart the worker's sales area: the selling screen's writes go through it. */
export function attachSales(c: SalesClient): void {
	client = c;
}

/** The worker's sales area (throws `not_ready` before the app attached it). */
export function sales(): SalesClient {
	if (!client) throw new AppError('not_ready');
	return client;
}

/** A worker write's answer: its value, or its refusal thrown as the AppError the service threw when it wrote itself. */
export function outcome<T>(r: { ok: true; value: T } | { ok: false; code: string }): T {
	if (!r.ok) throw new AppError(r.code);
	return r.value;
}
