// The doctor's judgements of one answer: a contract violation names the field, a status names the fault.
import { describe, expect, it } from 'vitest';
import { ProductsPage } from '../../src/lib/contract/ho';
import { fieldPath, schemaFinding, statusFinding } from './checks';

const product = (over: Record<string, unknown> = {}) => ({
	id: 'p1',
	company_id: 'c1',
	brand_id: null,
	category_id: 'k1',
	sku: 'SKU1',
	name: 'Nasi Goreng',
	description: '',
	price: 35000,
	stock: null,
	destination: 'kitchen',
	is_available: true,
	modifier_group_ids: [],
	version: 1,
	deleted_at: null,
	is_deleted: false,
	created_at: '2026-01-27T10:00:00.000000Z',
	updated_at: '2026-01-27T10:00:00.000000Z',
	...over
});
const page = (rows: unknown[]) => ({
	status: 'success',
	data: { products: rows, checkpoint: null, has_more: false }
});

describe('doctor: schema findings', () => {
	it('writes the path the way a person reads it, without the envelope', () => {
		expect(fieldPath(['data', 'products', 3, 'price'])).toBe('products[3].price');
		expect(fieldPath([])).toBe('(body)');
	});

	it('passes a page that matches the contract', () => {
		expect(schemaFinding(ProductsPage, page([product(), product({ id: 'p2' })]))).toBeNull();
	});

	it('names a field of the wrong type with what came and what the contract says', () => {
		const body = page([product(), product(), product(), product({ price: '35000' })]);
		expect(schemaFinding(ProductsPage, body)).toEqual({
			status: 'fail',
			code: 'schema_type',
			params: { path: 'products[3].price', got: 'string', expected: 'number' }
		});
	});

	it('names a missing field and a tombstone field of the wrong shape', () => {
		const { sku: _sku, ...noSku } = product();
		expect(schemaFinding(ProductsPage, page([noSku]))).toMatchObject({
			code: 'schema_missing',
			params: { path: 'products[0].sku' }
		});
		expect(schemaFinding(ProductsPage, page([product({ is_deleted: 'yes' })]))).toMatchObject({
			code: 'schema_type',
			params: { path: 'products[0].is_deleted', got: 'string', expected: 'boolean' }
		});
	});

	it('names a value outside the allowed set', () => {
		expect(schemaFinding(ProductsPage, page([product({ destination: 'grill' })]))).toMatchObject({
			code: 'schema_other',
			params: { path: 'products[0].destination' }
		});
	});
});

describe('doctor: status findings', () => {
	it('404 is a missing endpoint; 5xx keeps the body', () => {
		expect(statusFinding(404, '{"detail":"Not found."}').code).toBe('http_404');
		expect(statusFinding(502, '<html>Bad gateway</html>')).toEqual({
			status: 'fail',
			code: 'http_5xx',
			params: { status: 502, body: '<html>Bad gateway</html>' }
		});
	});

	it('a 400 says which parameter the server wants instead of the one sent', () => {
		const f = statusFinding(
			400,
			'{"status":"error","message":"store_id is required"}',
			'http://ho/api/sync/products/?company_id=c1&limit=1000'
		);
		expect(f).toEqual({
			status: 'fail',
			code: 'http_400_missing',
			params: { param: 'store_id', sent: 'company_id', message: 'store_id is required' }
		});
		expect(
			statusFinding(400, '{"status":"error","message":"limit must be an integer between 1 and 1000"}')
		).toEqual({
			status: 'fail',
			code: 'http_400_invalid',
			params: { param: 'limit', rule: 'must be an integer between 1 and 1000' }
		});
	});

	it('a cloud error body gives its message', () => {
		expect(
			statusFinding(401, '{"success":false,"error":"invalid_api_key","message":"Invalid API key"}')
		).toEqual({
			status: 'fail',
			code: 'http_401',
			params: { message: 'Invalid API key' }
		});
	});
});
