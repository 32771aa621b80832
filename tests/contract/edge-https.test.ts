// HTTPS in any mode (TLS_CERT_FILE / TLS_KEY_FILE) with a self-signed certificate made by openssl,
// and the CORS + Private Network Access preflight a PWA on another HTTPS origin sends to a LAN server.
import { request } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selfSignedCertificate, type SelfSignedCertificate } from '../helpers/certs.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

const PWA_ORIGIN = 'https://kasir-pwa.test';
let tls: SelfSignedCertificate | undefined;
let ca: Buffer;
let server: TestServer;

beforeAll(async () => {
	tls = selfSignedCertificate({ days: 1, altNames: 'DNS:localhost,IP:127.0.0.1' });
	ca = tls.cert;
	server = await startServer({
		env: { TLS_CERT_FILE: tls.certFile, TLS_KEY_FILE: tls.keyFile, SEED_DEMO: '0', CORS_ORIGINS: PWA_ORIGIN }
	});
}, 90_000);
afterAll(async () => {
	await server?.stop();
	tls?.remove();
});

interface Reply {
	status: number;
	headers: Record<string, string | string[] | undefined>;
	body: string;
}

/** One request over HTTPS trusting only the test's certificate. */
function httpsCall(
	path: string,
	opts: { method?: string; headers?: Record<string, string> } = {}
): Promise<Reply> {
	return new Promise((resolve, reject) => {
		const req = request(
			`${server.url}${path}`,
			{ method: opts.method ?? 'GET', headers: opts.headers, ca },
			(res) => {
				let body = '';
				res.setEncoding('utf8');
				res.on('data', (chunk: string) => (body += chunk));
				res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
			}
		);
		req.on('error', reject);
		req.end();
	});
}

const preflight = (origin: string, privateNetwork: boolean) =>
	httpsCall('/api/auth/login/', {
		method: 'OPTIONS',
		headers: {
			Origin: origin,
			'Access-Control-Request-Method': 'POST',
			'Access-Control-Request-Headers': 'content-type',
			...(privateNetwork ? { 'Access-Control-Request-Private-Network': 'true' } : {})
		}
	});

describe('HTTPS and Private Network Access', () => {
	it('serves the API over HTTPS with the configured certificate', async () => {
		expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
		const r = await httpsCall('/api/health');
		expect(r.status).toBe(200);
		expect(JSON.parse(r.body)).toMatchObject({ status: 'ok' });
		// A server that is not an edge says so on the edge status endpoint.
		const st = await httpsCall('/api/edge/status');
		expect(st.status).toBe(200);
		expect(JSON.parse(st.body)).toEqual({ mode: 'server' });
	});

	it('refuses a client that does not trust the certificate', async () => {
		await expect(fetch(`${server.url}/api/health`)).rejects.toThrow();
	});

	it('answers a private-network preflight from an allowed origin', async () => {
		const r = await preflight(PWA_ORIGIN, true);
		expect(r.status).toBe(204);
		expect(r.headers['access-control-allow-origin']).toBe(PWA_ORIGIN);
		expect(r.headers['access-control-allow-private-network']).toBe('true');
		expect(String(r.headers['access-control-allow-headers'])).toMatch(/content-type/i);
	});

	it('grants neither CORS nor private-network access to another origin, and PNA only when asked', async () => {
		const other = await preflight('https://elsewhere.test', true);
		expect(other.headers['access-control-allow-origin']).toBeUndefined();
		expect(other.headers['access-control-allow-private-network']).toBeUndefined();
		const plain = await preflight(PWA_ORIGIN, false);
		expect(plain.headers['access-control-allow-origin']).toBe(PWA_ORIGIN);
		expect(plain.headers['access-control-allow-private-network']).toBeUndefined();
	});
});
