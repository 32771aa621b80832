// The HTTP layer a public API needs: security headers, CORS from configuration, Swagger UI from the
// installed package, login and API-key throttling, stream guards, and an OpenAPI document that a
// real validator accepts.
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RateLimitBody } from '../../src/lib/contract/cloud.ts';
import { OTHER } from '../../server/seed/demo.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { cloud, JKT, openStream, SBY } from './cloud-helpers.ts';
import { call } from './ho-helpers.ts';

let server: TestServer;
beforeAll(async () => {
	server = await startServer({
		env: {
			CORS_ORIGINS: 'https://pos.example.com, http://localhost:5173',
			LOGIN_MAX_FAILURES: '3',
			LOGIN_MAX_FAILURES_PER_ADDRESS: '6',
			BAD_KEY_PER_MINUTE: '4',
			MAX_STREAMS_PER_OUTLET: '2'
		}
	});
});
afterAll(async () => {
	await server?.stop();
});

describe('headers', () => {
	it('sends nosniff, no referrer, no framing and a deny-all CSP on API answers; no-store on auth answers', async () => {
		const r = await fetch(`${server.url}/api/health`);
		expect(r.headers.get('x-content-type-options')).toBe('nosniff');
		expect(r.headers.get('referrer-policy')).toBe('no-referrer');
		expect(r.headers.get('x-frame-options')).toBe('DENY');
		expect(r.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
		const login = await call(server, '/api/auth/login/', {
			method: 'POST',
			json: { username: OTHER.username, password: OTHER.password }
		});
		expect(login.status).toBe(200);
		expect(login.headers.get('cache-control')).toBe('no-store');
	});

	it('answers CORS only for the configured origins', async () => {
		const preflight = (origin: string) =>
			fetch(`${server.url}/api/v1/outlets/${JKT.id}/orders`, {
				method: 'OPTIONS',
				headers: {
					origin,
					'access-control-request-method': 'POST',
					'access-control-request-headers': 'authorization, content-type, x-outlet-id, x-outlet-code'
				}
			});
		const ok = await preflight('https://pos.example.com');
		expect(ok.headers.get('access-control-allow-origin')).toBe('https://pos.example.com');
		expect(ok.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('x-outlet-code');
		const evil = await preflight('https://evil.example.net');
		expect(evil.headers.get('access-control-allow-origin')).toBeNull();
		const get = await fetch(`${server.url}/api/health`, { headers: { origin: 'http://localhost:5173' } });
		expect(get.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
		expect(get.headers.get('vary')?.toLowerCase()).toContain('origin');
	});

	it('serves Swagger UI from the installed package with no inline script and no CDN', async () => {
		const page = await fetch(`${server.url}/api/docs`);
		const html = await page.text();
		expect(page.status).toBe(200);
		expect(html).not.toMatch(/<script>(?!<\/script>)|<script[^>]*>[^<]+<\/script>/);
		expect(html).not.toMatch(/https?:\/\//);
		expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
		for (const src of [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1] as string)) {
			const asset = await fetch(`${server.url}${src}`);
			expect(asset.status, src).toBe(200);
			expect((await asset.text()).length).toBeGreaterThan(10);
		}
	});
});

describe('OpenAPI document', () => {
	it('is valid OpenAPI 3.1 for a real validator, and no pattern carries regex flags', async () => {
		const doc = (await (await fetch(`${server.url}/api/openapi.json`)).json()) as Record<string, unknown>;
		const result = await new Validator().validate(doc);
		expect(result.errors ?? []).toEqual([]);
		expect(result.valid).toBe(true);
		const patterns = [...JSON.stringify(doc).matchAll(/"pattern":"((?:[^"\\]|\\.)*)"/g)].map(
			(m) => m[1] as string
		);
		expect(patterns.length).toBeGreaterThan(0);
		for (const p of patterns) expect(p, p).not.toMatch(/\/[gimsuy]+$/);
		expect(
			new RegExp(JSON.parse(`"${patterns.find((p) => p.includes('0-9a-fA-F')) ?? ''}"`) as string).test(
				'0F8E4A6C-1B2D-4E3F-8A9B-0C1D2E3F4A5B'
			)
		).toBe(true);
	});
});

describe('throttling', () => {
	it('locks a user name after 3 failed logins (429 + Retry-After), then the address after 6', async () => {
		const attempt = (username: string, password: string) =>
			call(server, '/api/auth/login/', { method: 'POST', json: { username, password } });
		expect((await attempt('demo', 'wrong')).status).toBe(401);
		expect((await attempt('demo', 'wrong')).status).toBe(401);
		const third = await attempt('demo', 'wrong');
		expect(third.status).toBe(429);
		expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(0);
		expect(third.body).toMatchObject({
			status: 'error',
			message: expect.stringMatching(/Too many failed logins/)
		});
		// Locked even with the right password: guessing gains nothing while locked.
		expect((await attempt('demo', 'demo1234')).status).toBe(429);
		// Another user from the same address still gets in.
		expect((await attempt(OTHER.username, OTHER.password)).status).toBe(200);
		// Unknown users count against the address like wrong passwords do (same 401 text).
		const unknown = await attempt('nobody-here', 'x');
		expect(unknown).toMatchObject({ status: 401, body: { message: 'Invalid username or password' } });
		await attempt('nobody-2', 'x');
		const sixth = await attempt('nobody-3', 'x');
		expect(sixth.status).toBe(429);
		expect((await attempt(OTHER.username, OTHER.password)).status).toBe(429);
	});

	it('answers 429 with the seed body after 4 bad API keys from one address', async () => {
		const bad = () => cloud(server, SBY, '/sync/status', { headers: { authorization: 'Bearer guess' } });
		const statuses = [];
		for (let i = 0; i < 4; i++) statuses.push((await bad()).status);
		expect(statuses).toEqual([401, 401, 401, 429]);
		const r = await bad();
		expect(r.status).toBe(429);
		expect(RateLimitBody.parse(r.body).retry_after).toBeGreaterThan(0);
		expect(r.headers.get('retry-after')).toBe(String(r.body.retry_after));
	});
});

describe('event stream guards', () => {
	it('refuses a Last-Event-ID beyond the newest event with 409 last_event_id_ahead', async () => {
		// A fresh server: the address of the throttling test above is locked out.
		const fresh = await startServer({ env: { MAX_STREAMS_PER_OUTLET: '2' } });
		try {
			const r = await cloud(fresh, JKT, '/events', { headers: { 'last-event-id': '999999999' } });
			expect(r.status).toBe(409);
			expect(r.body).toMatchObject({ success: false, error: 'last_event_id_ahead' });
			expect(r.body.message).toMatch(/beyond the newest event/);
			const a = await openStream(fresh, JKT);
			const b = await openStream(fresh, JKT);
			try {
				const third = await cloud(fresh, JKT, '/events');
				expect(third.status).toBe(429);
				expect(third.body).toMatchObject({ success: false, error: 'too_many_streams' });
			} finally {
				await a.close();
				await b.close();
			}
		} finally {
			await fresh.stop();
		}
	});
});
