// The server starts on each database, answers its health check, and publishes its OpenAPI document.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../helpers/server.ts';

let server: TestServer;
beforeAll(async () => {
	server = await startServer();
});
afterAll(async () => {
	await server?.stop();
});

describe('health and reference', () => {
	it('reports ok and which database it runs on', async () => {
		const res = await fetch(`${server.url}/api/health`);
		expect(res.status).toBe(200);
		const body = (await res.json()) as { status: string; database: string };
		expect(body.status).toBe('ok');
		expect(body.database).toBe(process.env.KASIR_TEST_DB === 'postgres' ? 'postgres' : 'pglite');
	});

	it('serves an OpenAPI 3.1 document and a readable reference', async () => {
		const doc = (await (await fetch(`${server.url}/api/openapi.json`)).json()) as { openapi: string };
		expect(doc.openapi).toBe('3.1.0');
		const docs = await fetch(`${server.url}/api/docs`);
		expect(docs.status).toBe(200);
		expect(await docs.text()).toContain('swagger');
	});

	it('answers an unknown API path with 404 and a message, never the SPA', async () => {
		const res = await fetch(`${server.url}/api/does-not-exist`);
		expect(res.status).toBe(404);
		expect(((await res.json()) as { message: string }).message).toMatch(/No route/);
	});
});
