// Shared cloud plumbing (seed 004): the router's env, the validation hook, the error handler and
// OpenAPI response helpers, all in the cloud envelope {success:false, error, message}.
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { z } from 'zod';
import { CloudErrorBody, RateLimitBody } from '../../src/lib/contract/cloud.ts';
import { cloudError, describeZodIssues, HttpError } from '../http/envelope.ts';
import { log } from '../log.ts';
import type { BulkPlan } from './push-bulk.ts';

/** The authenticated outlet, set by the auth middleware. */
export interface Outlet {
	id: string;
	code: string;
	companyId: string;
	/** sha256 hex of the API key: the HMAC key of this outlet's events. */
	keyHash: string;
}
/**
 * A route's first write folded into the auth statement (`requireOutlet`'s `fold`): one round trip and one commit for key,
 * budget and write. `ctes` are CTEs placed after the auth's, reading `a` (the admitted store: `uid` uuid, `id` text,
 * `code`; no row when the request is refused), with parameters from $7 on (`params`); `rows` names the CTE whose rows
 * are handed to `done`. The statement's text must be the same for every request (it is prepared under `name`).
 */
export interface FoldedWrite {
	ctes: string;
	rows: string;
	params: unknown[];
	name: string;
	/** The rows `rows` returned (none when the request was refused). */
	done(rows: unknown[]): void;
	/** The folded statement failed: nothing was written and the route must write on its own. */
	failed(): void;
}
export type CloudEnv = { Variables: { outlet: Outlet; bulk?: BulkPlan } };
export type CloudApp = OpenAPIHono<CloudEnv>;

type Issue = { path: readonly PropertyKey[]; message: string; code?: string };

/** Our messages start with "must"/"is" so they read "since must be …" after the field's name. */
export function cloudIssueMessage(issues: readonly Issue[]): string {
	const first = issues[0];
	const path = first?.path.map(String).join('.') ?? '';
	if (first && path && /^(must|is) /.test(first.message)) return `${path} ${first.message}`;
	return describeZodIssues(issues);
}

export const cloudValidationHook = (
	result: { success: true } | { success: false; error: { issues: readonly Issue[] } },
	c: Context
) => {
	if (!result.success) return cloudError(c, 400, 'validation_error', cloudIssueMessage(result.error.issues));
	return undefined;
};

export function cloudOnError(err: Error, c: Context) {
	if (err instanceof HttpError) return cloudError(c, err.status, err.code, err.message, err.extra);
	if (err instanceof HTTPException) {
		const status = err.status;
		if (/Malformed JSON/i.test(err.message))
			return cloudError(c, 400, 'invalid_json', 'Malformed JSON body: the request body is not valid JSON');
		if (status === 415)
			return cloudError(
				c,
				415,
				'unsupported_media_type',
				'Unsupported Media Type: send Content-Type: application/json'
			);
		if (status === 413) return cloudError(c, 413, 'payload_too_large', 'Request body too large');
		return cloudError(c, status, 'bad_request', err.message || 'Bad request');
	}
	log('error', 'unhandled error', { path: c.req.path, error: err.stack ?? String(err) });
	return cloudError(c, 500, 'internal_server_error', 'Internal server error');
}

export const jsonBody = <T extends z.ZodType>(schema: T) => ({
	required: true,
	content: { 'application/json': { schema } }
});
export const okJson = <T extends z.ZodType>(schema: T, description: string) => ({
	description,
	content: { 'application/json': { schema } }
});

const ERROR_TEXT: Record<number, string> = {
	400: 'Validation failed or malformed JSON; the message names the field',
	401: 'Missing or invalid API key',
	403: "The key's outlet is not this outlet, or X-Outlet-ID / X-Outlet-Code disagree",
	404: 'Unknown resource',
	409: 'Conflict (for the event stream: last_event_id_ahead, the Last-Event-ID is beyond the newest event)',
	422: 'idempotency_conflict: this local_id and version were pushed before with a different body',
	413: 'Body over the route limit (batch 10 MB, other pushes 2 MB) or more than 1000 batch items',
	429: 'Rate limit: 100 requests per minute per outlet (or too many bad API keys from this address)'
};
export const errorResponses = (...codes: number[]) =>
	Object.fromEntries(
		codes.map((code) => [
			code,
			{
				description: ERROR_TEXT[code] ?? 'Error',
				content: { 'application/json': { schema: code === 429 ? RateLimitBody : CloudErrorBody } }
			}
		])
	);

/** Tag and security of every outlet route. */
export const outletRoute = { tags: ['Cloud'], security: [{ outletKey: [] }] };
