// The generated product pictures are valid PNGs (CRCs, size, pixels) and differ per product.
import { createHash } from 'node:crypto';
import { crc32, inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { demoId } from './ids.ts';
import { productPicture } from './png.ts';

function chunks(png: Buffer) {
	const out: { type: string; data: Buffer }[] = [];
	let i = 8;
	while (i < png.length) {
		const len = png.readUInt32BE(i);
		const type = png.subarray(i + 4, i + 8).toString('latin1');
		const data = png.subarray(i + 8, i + 8 + len);
		expect(png.readUInt32BE(i + 8 + len)).toBe(crc32(png.subarray(i + 4, i + 8 + len)) >>> 0);
		out.push({ type, data });
		i += 12 + len;
	}
	return out;
}

describe('productPicture', () => {
	it('is a 256×256 truecolour PNG whose chunks check out and whose pixels are not flat', () => {
		const png = productPicture('Nasi Goreng Spesial');
		expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
		const cs = chunks(png);
		expect(cs.map((c) => c.type)).toEqual(['IHDR', 'IDAT', 'IEND']);
		const ihdr = cs[0]?.data ?? Buffer.alloc(0);
		expect([ihdr.readUInt32BE(0), ihdr.readUInt32BE(4), ihdr[8], ihdr[9]]).toEqual([256, 256, 8, 2]);
		const raw = inflateSync(cs[1]?.data ?? Buffer.alloc(0));
		expect(raw.length).toBe((256 * 3 + 1) * 256);
		const colours = new Set<string>();
		for (let p = 1; p < raw.length; p += 97) colours.add(raw.subarray(p, p + 3).toString('hex'));
		expect(colours.size).toBeGreaterThan(20);
	});

	it('differs per name and per variant, and is the same for the same input', () => {
		const md5 = (b: Buffer) => createHash('md5').update(b).digest('hex');
		const names = [
			'Es Teh Manis',
			'Es Jeruk Peras',
			'Kopi Susu Gula Aren',
			'Kopi Tubruk',
			'Nasi Goreng Kampung'
		];
		const sums = names.map((n) => md5(productPicture(n)));
		expect(new Set(sums).size).toBe(names.length);
		expect(md5(productPicture('Es Teh Manis'))).toBe(sums[0]);
		expect(md5(productPicture('Es Teh Manis', 2))).not.toBe(sums[0]);
	});
});

describe('demoId', () => {
	it('is a stable RFC 4122 version-5-shaped UUID', () => {
		const id = demoId('store:JKT-001');
		expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
		expect(demoId('store:JKT-001')).toBe(id);
		expect(demoId('store:BDG-001')).not.toBe(id);
	});
});
