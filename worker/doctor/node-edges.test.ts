// Node's edges against a real TLS server on this machine: the certificate's expiry and host name, judged as the doctor does.
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selfSignedCertificate, type SelfSignedCertificate } from '../../tests/helpers/certs';
import { tlsFinding } from './checks';
import { nodeEdges } from './node-edges';

let tls: SelfSignedCertificate;
let server: Server;
let port: number;

beforeAll(async () => {
	// A self-signed certificate for "localhost" only, valid 5 days.
	tls = selfSignedCertificate({ days: 5, altNames: 'DNS:localhost' });
	server = createServer({ key: tls.key, cert: tls.cert }, (_req, res) => res.end('ok'));
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
	port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
	await new Promise<void>((r) => server.close(() => r()));
	tls.remove();
});

describe('doctor: node edges', () => {
	it('reads the certificate of a TLS server and warns that it expires within two weeks', async () => {
		const edges = nodeEdges();
		const cert = await edges.tls?.('localhost', port);
		if (!cert) throw new Error('no tls edge');
		expect(cert.hostnameError).toBeNull();
		const f = tlsFinding(cert, 'localhost', Date.now());
		expect(f).toMatchObject({ status: 'warn', code: 'tls_expires_soon', params: { host: 'localhost' } });
		expect([4, 5]).toContain(f.params?.days);
		// The same certificate a month later has expired.
		expect(tlsFinding(cert, 'localhost', Date.now() + 30 * 86_400_000).code).toBe('tls_expired');
	});

	it('names a certificate that does not match the address used', async () => {
		const cert = await nodeEdges().tls?.('127.0.0.1', port);
		if (!cert) throw new Error('no tls edge');
		expect(cert.hostnameError).toMatch(/127\.0\.0\.1/);
		expect(tlsFinding(cert, '127.0.0.1', Date.now())).toMatchObject({ status: 'fail', code: 'tls_hostname' });
	});

	it('resolves a host name', async () => {
		const addresses = (await nodeEdges().dns?.('localhost')) ?? [];
		expect(addresses.some((a) => a === '127.0.0.1' || a === '::1')).toBe(true);
	});
});
