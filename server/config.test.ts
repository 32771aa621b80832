// Why: edge mode changes the server's defaults (no demo seed, shared open orders on), and HTTPS needs both files.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readConfig } from './config.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'kasir-config-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
const read = (env: Record<string, string>) => readConfig({ DATA_DIR: dataDir, ...env });

describe('readConfig', () => {
	it('keeps the demo seed and private open orders outside edge mode', () => {
		const c = read({});
		expect(c.seedDemo).toBe(true);
		expect(c.shareOpenOrders).toBe(false);
		expect(c.tlsCertFile).toBeUndefined();
		expect(read({ SHARE_OPEN_ORDERS: '1' }).shareOpenOrders).toBe(true);
	});

	it('in edge mode seeds nothing and shares open orders unless told not to', () => {
		const edge = { EDGE_HO_URL: 'https://ho.example.com' };
		expect(read(edge)).toMatchObject({ seedDemo: false, shareOpenOrders: true });
		expect(read({ ...edge, SEED_DEMO: '1' }).seedDemo).toBe(false);
		expect(read({ ...edge, SHARE_OPEN_ORDERS: '0' }).shareOpenOrders).toBe(false);
		expect(read({ ...edge, SHARE_OPEN_ORDERS: 'false' }).shareOpenOrders).toBe(false);
	});

	it('takes HTTPS only with both a certificate and a key', () => {
		const c = read({ TLS_CERT_FILE: 'cert.pem', TLS_KEY_FILE: 'key.pem' });
		expect(c.tlsCertFile).toMatch(/cert\.pem$/);
		expect(c.tlsKeyFile).toMatch(/key\.pem$/);
		expect(() => read({ TLS_CERT_FILE: 'cert.pem' })).toThrow(/TLS_CERT_FILE and TLS_KEY_FILE/);
		expect(() => read({ TLS_KEY_FILE: 'key.pem' })).toThrow(/TLS_CERT_FILE and TLS_KEY_FILE/);
	});

	it('sizes the PostgreSQL pool from DATABASE_POOL_SIZE, 20 by default, and refuses nonsense', () => {
		expect(read({}).databasePoolSize).toBe(20);
		expect(read({ DATABASE_POOL_SIZE: '50' }).databasePoolSize).toBe(50);
		expect(() => read({ DATABASE_POOL_SIZE: '0' })).toThrow(/DATABASE_POOL_SIZE/);
		expect(() => read({ DATABASE_POOL_SIZE: 'many' })).toThrow(/DATABASE_POOL_SIZE/);
	});
});
