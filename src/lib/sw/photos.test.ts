// Why: the service worker's photo routing and placeholder (the cache-first answer itself runs in Chromium: tests/e2e/photos-offline.test.ts).
import { describe, expect, it } from 'vitest';
import { PLACEHOLDER_HEADER, isPhotoRequest, photoUrl, placeholderResponse } from './photos';

describe('service worker photo handler', () => {
	it('claims /photos/<id> only', () => {
		expect(isPhotoRequest(new URL('http://localhost/photos/6f1c'))).toBe(true);
		expect(isPhotoRequest(new URL('http://localhost/photos/6f1c?v=2'))).toBe(true);
		expect(isPhotoRequest(new URL('http://localhost/photos/'))).toBe(false);
		expect(isPhotoRequest(new URL('http://localhost/api/v1/sync/product-photos/'))).toBe(false);
		expect(isPhotoRequest(new URL('http://localhost/products/6f1c'))).toBe(false);
		expect(photoUrl('a b')).toBe('/photos/a%20b');
	});

	it('answers a neutral SVG placeholder that nobody caches', async () => {
		const r = placeholderResponse();
		expect(r.status).toBe(200);
		expect(r.headers.get('Content-Type')).toBe('image/svg+xml');
		expect(r.headers.get('Cache-Control')).toBe('no-store');
		expect(r.headers.get(PLACEHOLDER_HEADER)).toBe('1');
		const svg = await r.text();
		expect(svg).toMatch(/^<svg [^>]*width="160" height="160"/);
		expect(svg).not.toMatch(/<script|href=/);
	});
});
