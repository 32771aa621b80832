// Shared HO plumbing: the router's env, bearer-token guard, validation hook and error handler.
import type { OpenAPIHono, RouteConfig } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { verifyToken, type TokenClaims } from '../auth.ts';
import { describeZodIssues, hoError, HttpError } from '../http/envelope.ts';
import { log } from '../log.ts';

export type HoEnv = { Variables: { claims: TokenClaims } };
export type HoApp = OpenAPIHono<HoEnv>;

/** Our messages start with "must"/"is" so they read "limit must be …" after the parameter's name. */
export function hoIssueMessage(
	issues: readonly { path: readonly PropertyKey[]; message: string; code?: string }[]
) {
	const first = issues[0];
	const path = first?.path.map(String).join('.') ?? '';
	if (first && path && /^(must|is) /.test(first.message)) return `${path} ${first.message}`;
	return describeZodIssues(issues);
}

/** Turns zod failures (query, params, body) into the HO 400 envelope naming the field. */
export const hoValidationHook = (
	result:
		| { success: true }
		| {
				success: false;
				error: { issues: readonly { path: readonly PropertyKey[]; message: string; code?: string }[] };
		  },
	c: Context
) => {
	if (!result.success) return hoError(c, 400, hoIssueMessage(result.error.issues));
	return undefined;
};

export function hoOnError(err: Error, c: Context) {
	if (err instanceof HttpError) return hoError(c, err.status, err.message);
	if (err instanceof HTTPException) {
		const status = err.status;
		const message = /Malformed JSON/i.test(err.message)
			? 'Malformed JSON body: the request body is not valid JSON'
			: status === 415
				? 'Unsupported Media Type: send Content-Type: application/json'
				: err.message || 'Bad request';
		return hoError(c, status, message);
	}
	log('error', 'unhandled error', { path: c.req.path, error: err.stack ?? String(err) });
	return hoError(c, 500, 'Internal server error');
}

/** Every HO route but login and refresh wants a valid access token. */
export function requireAccess(secret: string): MiddlewareHandler<HoEnv> {
	return async (c, next) => {
		const header = c.req.header('authorization') ?? '';
		const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
		if (!m?.[1])
			return hoError(
				c,
				401,
				'Authentication credentials were not provided: send Authorization: Bearer <access token>'
			);
		const claims = await verifyToken(secret, m[1]);
		if (!claims || claims.typ !== 'access') return hoError(c, 401, 'Invalid or expired token');
		c.set('claims', claims);
		await next();
		return undefined;
	};
}

/** The same route with and without its trailing slash; the twin is hidden from the OpenAPI doc. */
export function withTwin<R extends RouteConfig>(route: R): R[] {
	const path = route.path.endsWith('/') ? route.path.slice(0, -1) : `${route.path}/`;
	return [route, { ...route, path, hide: true }];
}

export const errorResponses = (schema: unknown, ...codes: number[]) =>
	Object.fromEntries(
		codes.map((code) => [
			code,
			{ description: ERROR_TEXT[code] ?? 'Error', content: { 'application/json': { schema } } }
		])
	);

const ERROR_TEXT: Record<number, string> = {
	400: 'A missing or malformed parameter or body; the message names it',
	401: 'Missing, invalid or expired token',
	403: 'The resource belongs to another company',
	404: 'Unknown resource',
	413: 'Body too large',
	429: 'Too many failed logins from this user name or address; wait Retry-After seconds',
	422: 'The same local_id and version was pushed before with a different body'
};
