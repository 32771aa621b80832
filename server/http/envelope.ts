// The two error envelopes the seeds define: HO answers {status, message}, the cloud {success, error, message}.
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

export function hoError(c: Context, status: ContentfulStatusCode, message: string, detail?: string) {
	return c.json(detail ? { status: 'error', message, detail } : { status: 'error', message }, status);
}

export function cloudError(
	c: Context,
	status: ContentfulStatusCode,
	error: string,
	message: string,
	extra: Record<string, unknown> = {}
) {
	return c.json({ success: false, error, message, ...extra }, status);
}

/** Thrown anywhere inside a route; the router's error handler turns it into its API's envelope. */
export class HttpError extends Error {
	constructor(
		readonly status: ContentfulStatusCode,
		readonly code: string,
		message: string,
		readonly extra: Record<string, unknown> = {}
	) {
		super(message);
	}
}

/** Names the first problem zod found, so a 400 says which field is wrong. */
export function describeZodIssues(
	issues: readonly { path: readonly PropertyKey[]; message: string; code?: string }[]
) {
	const first = issues[0];
	if (!first) return 'Invalid request';
	const path = first.path.map(String).join('.');
	if (first.code === 'invalid_type' && /received undefined/.test(first.message)) return `${path} is required`;
	return path ? `${path}: ${first.message}` : first.message;
}
