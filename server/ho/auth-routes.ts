// HO login and token refresh: JWT access (config TTL) and refresh (7 days) tokens.
import { createRoute } from '@hono/zod-openapi';
import {
	HoErrorBody,
	LoginRequest,
	RefreshRequest,
	RefreshResponse,
	TokenPair
} from '../../src/lib/contract/ho.ts';
import type { Context } from 'hono';
import { hashPassword, issueToken, verifyPassword, verifyToken, type TokenClaims } from '../auth.ts';
import type { Deps } from '../deps.ts';
import { HttpError } from '../http/envelope.ts';
import { clientAddress, FailureWindow } from '../http/throttle.ts';
import { errorResponses, withTwin, type HoApp } from './http.ts';

const REFRESH_TTL_SECONDS = 7 * 24 * 3600;
/** Verified against when the user does not exist, so that answer takes as long as a wrong password. */
const DUMMY_HASH = hashPassword('kasir-no-such-user');

const login = createRoute({
	method: 'post',
	path: '/api/auth/login/',
	tags: ['HO auth'],
	summary: 'Log in with username and password; answers a JWT access and refresh token',
	request: { body: { required: true, content: { 'application/json': { schema: LoginRequest } } } },
	responses: {
		200: { description: 'Tokens', content: { 'application/json': { schema: TokenPair } } },
		...errorResponses(HoErrorBody, 400, 401, 413, 429)
	}
});

const refresh = createRoute({
	method: 'post',
	path: '/api/auth/refresh/',
	tags: ['HO auth'],
	summary: 'Trade a refresh token for a new access token (and a new refresh token)',
	request: { body: { required: true, content: { 'application/json': { schema: RefreshRequest } } } },
	responses: {
		200: { description: 'Tokens', content: { 'application/json': { schema: RefreshResponse } } },
		...errorResponses(HoErrorBody, 400, 401)
	}
});

interface UserRow {
	id: string;
	company_id: string;
	username: string;
	full_name: string;
	password_hash: string;
	[k: string]: unknown;
}

export function registerAuth(app: HoApp, deps: Deps): void {
	const { secret, accessTtlSeconds } = deps.config;
	const pair = async (u: UserRow) => {
		const base: Omit<TokenClaims, 'typ'> = { sub: u.id, company_id: u.company_id, username: u.username };
		return {
			access: await issueToken(secret, { ...base, typ: 'access' }, accessTtlSeconds),
			refresh: await issueToken(secret, { ...base, typ: 'refresh' }, REFRESH_TTL_SECONDS)
		};
	};
	const findUser = async (where: string, value: string) => {
		const { rows } = await deps.db.query<UserRow>(
			`select u.id, u.company_id, u.username, u.full_name, u.password_hash
			   from users u join companies c on c.id = u.company_id
			  where ${where} = $1 and not c.is_deleted`,
			[value]
		);
		return rows[0];
	};

	const window = deps.config.loginWindowSeconds * 1000;
	const perUser = new FailureWindow(deps.config.loginMaxFailures, window);
	const perAddress = new FailureWindow(deps.config.loginMaxFailuresPerAddress, window);
	const tooMany = (c: Context, seconds: number) => {
		c.header('Retry-After', String(seconds));
		return new HttpError(429, 'too_many_requests', `Too many failed logins: try again in ${seconds} s`);
	};

	for (const route of withTwin(login)) {
		app.openapi(route, async (c) => {
			const { username, password } = c.req.valid('json');
			const address = clientAddress(c);
			const userKey = username.toLowerCase();
			const wait = Math.max(perUser.blockedFor(userKey), perAddress.blockedFor(address));
			if (wait) throw tooMany(c, wait);
			const user = await findUser('u.username', username);
			// An unknown user costs the same scrypt as a wrong password: no timing tells them apart.
			const ok = verifyPassword(password, user?.password_hash ?? DUMMY_HASH) && user !== undefined;
			if (!ok || !user) {
				const after = Math.max(perUser.fail(userKey), perAddress.fail(address));
				if (after) throw tooMany(c, after);
				throw new HttpError(401, 'unauthorized', 'Invalid username or password');
			}
			perUser.reset(userKey);
			const tokens = await pair(user);
			return c.json(
				{
					...tokens,
					user: {
						id: user.id,
						username: user.username,
						full_name: user.full_name,
						company_id: user.company_id
					}
				},
				200
			);
		});
	}

	for (const route of withTwin(refresh)) {
		app.openapi(route, async (c) => {
			const claims = await verifyToken(secret, c.req.valid('json').refresh);
			if (!claims || claims.typ !== 'refresh')
				throw new HttpError(401, 'unauthorized', 'Invalid or expired refresh token');
			const user = await findUser('u.id', claims.sub);
			if (!user) throw new HttpError(401, 'unauthorized', 'Invalid or expired refresh token');
			return c.json(await pair(user), 200);
		});
	}
}
