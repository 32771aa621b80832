// HO login, refresh and the bearer guard over real HTTP: clear 401s, no 500 for garbage.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../helpers/server.ts';
import { call, login } from './ho-helpers.ts';

let server: TestServer;
beforeAll(async () => {
	server = await startServer();
});
afterAll(async () => {
	await server?.stop();
});

const jwtPayload = (t: string) =>
	JSON.parse(Buffer.from(t.split('.')[1] ?? '', 'base64url').toString()) as Record<string, unknown>;

describe('POST /api/auth/login/', () => {
	it('answers an access and a refresh JWT for demo / demo1234', async () => {
		const r = await call(server, '/api/auth/login/', {
			method: 'POST',
			json: { username: 'demo', password: 'demo1234' }
		});
		expect(r.status).toBe(200);
		const { access, refresh } = r.body as { access: string; refresh: string };
		expect(access.split('.')).toHaveLength(3);
		expect(refresh.split('.')).toHaveLength(3);
		expect(jwtPayload(access).typ).toBe('access');
		expect(jwtPayload(refresh).typ).toBe('refresh');
		expect(typeof jwtPayload(access).company_id).toBe('string');
	});

	it('works without the trailing slash too', async () => {
		const r = await call(server, '/api/auth/login', {
			method: 'POST',
			json: { username: 'demo', password: 'demo1234' }
		});
		expect(r.status).toBe(200);
	});

	it('refuses a wrong password and an unknown user with the same 401 message', async () => {
		for (const body of [
			{ username: 'demo', password: 'wrong' },
			{ username: 'nobody', password: 'demo1234' }
		]) {
			const r = await call(server, '/api/auth/login/', { method: 'POST', json: body });
			expect(r.status).toBe(401);
			expect(r.body).toEqual({ status: 'error', message: 'Invalid username or password' });
		}
	});

	it('names the missing or mistyped field with a 400', async () => {
		let r = await call(server, '/api/auth/login/', { method: 'POST', json: { username: 'demo' } });
		expect(r.status).toBe(400);
		expect(r.body).toEqual({ status: 'error', message: 'password is required' });
		r = await call(server, '/api/auth/login/', { method: 'POST', json: { username: 42, password: 'x' } });
		expect(r.status).toBe(400);
		expect(r.body.message).toMatch(/^username/);
		r = await call(server, '/api/auth/login/', { method: 'POST', json: [1, 2] });
		expect(r.status).toBe(400);
	});

	it('answers broken JSON and a wrong content type with a 4xx in the HO envelope', async () => {
		let r = await call(server, '/api/auth/login/', {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: '{"username": "demo",'
		});
		expect(r.status).toBe(400);
		expect(r.body.status).toBe('error');
		expect(r.body.message).toMatch(/Malformed JSON/);
		r = await call(server, '/api/auth/login/', {
			method: 'POST',
			headers: { 'content-type': 'text/plain' },
			body: 'demo:demo1234'
		});
		expect(r.status).toBe(415);
		expect(r.body.status).toBe('error');
	});
});

describe('POST /api/auth/refresh/', () => {
	it('trades a refresh token for a working access token', async () => {
		const { refresh } = await login(server);
		const r = await call(server, '/api/auth/refresh/', { method: 'POST', json: { refresh } });
		expect(r.status).toBe(200);
		const { access } = r.body as { access: string; refresh: string };
		expect(jwtPayload(access).typ).toBe('access');
		const companies = await call(server, '/api/sync/companies/', { token: access });
		expect(companies.status).toBe(200);
	});

	it('refuses an access token, garbage, and a missing field', async () => {
		const { access } = await login(server);
		for (const refresh of [access, 'not-a-jwt', `${access}x`]) {
			const r = await call(server, '/api/auth/refresh/', { method: 'POST', json: { refresh } });
			expect(r.status).toBe(401);
			expect(r.body).toEqual({ status: 'error', message: 'Invalid or expired refresh token' });
		}
		const r = await call(server, '/api/auth/refresh/', { method: 'POST', json: {} });
		expect(r.status).toBe(400);
		expect(r.body.message).toBe('refresh is required');
	});
});

describe('the bearer guard on every other HO route', () => {
	const guarded = [
		['GET', '/api/sync/companies/'],
		['GET', '/api/sync/products/?company_id=00000000-0000-0000-0000-000000000000'],
		['GET', '/api/v1/sync/product-photos/?store_id=00000000-0000-0000-0000-000000000000'],
		['GET', '/api/v1/sync/product-photos/00000000-0000-0000-0000-000000000000/download/?store_id=x'],
		['POST', '/api/v1/sync/product-photos/status/'],
		['PATCH', '/api/v1/admin/products/00000000-0000-0000-0000-000000000000'],
		['POST', '/api/v1/admin/broadcasts']
	] as const;

	it('answers 401 with a clear message without a token', async () => {
		for (const [method, path] of guarded) {
			const r = await call(server, path, { method });
			expect(r.status, `${method} ${path}`).toBe(401);
			expect(r.body.status).toBe('error');
			expect(r.body.message).toMatch(/credentials were not provided/);
		}
	});

	it('answers 401 "Invalid or expired token" for a bad, forged or refresh token', async () => {
		const { access, refresh } = await login(server);
		const [h, p] = access.split('.');
		const forged = `${h}.${p}.${'A'.repeat(43)}`;
		for (const token of ['garbage', forged, refresh]) {
			for (const [method, path] of guarded) {
				const r = await call(server, path, { method, token });
				expect(r.status, `${method} ${path}`).toBe(401);
				expect(r.body).toEqual({ status: 'error', message: 'Invalid or expired token' });
			}
		}
	});

	it('keeps tokens valid across a restart (same secret)', async () => {
		const { access } = await login(server);
		await server.restart();
		const r = await call(server, '/api/sync/companies/', { token: access });
		expect(r.status).toBe(200);
	});
});
