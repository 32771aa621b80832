// Why: the PWA's icons (192/512, plus maskable) as real PNGs drawn in code, so they are reproducible without an image editor.
// Run: node scripts/make-icons.mjs  (writes static/icons/*.png; the output is committed)
import { deflateSync } from 'node:zlib';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const TEAL = [15, 118, 110];
const WHITE = [255, 255, 255];
const AMBER = [245, 158, 11];

const crcTable = Array.from({ length: 256 }, (_, n) => {
	let c = n;
	for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
	return c >>> 0;
});
function crc32(buf) {
	let c = 0xffffffff;
	for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
	return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
	const len = Buffer.alloc(4);
	len.writeUInt32BE(data.length);
	const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(td));
	return Buffer.concat([len, td, crc]);
}
function png(size, pixel) {
	const raw = Buffer.alloc((size * 4 + 1) * size);
	for (let y = 0; y < size; y++) {
		raw[y * (size * 4 + 1)] = 0;
		for (let x = 0; x < size; x++) {
			const [r, g, b, a] = pixel(x + 0.5, y + 0.5);
			const o = y * (size * 4 + 1) + 1 + x * 4;
			raw[o] = r;
			raw[o + 1] = g;
			raw[o + 2] = b;
			raw[o + 3] = a;
		}
	}
	const ihdr = Buffer.alloc(13);
	ihdr.writeUInt32BE(size, 0);
	ihdr.writeUInt32BE(size, 4);
	ihdr[8] = 8;
	ihdr[9] = 6;
	return Buffer.concat([
		Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
		chunk('IHDR', ihdr),
		chunk('IDAT', deflateSync(raw, { level: 9 })),
		chunk('IEND', Buffer.alloc(0))
	]);
}

/** A receipt (white, zigzag bottom) with three lines and an amber total bar, in unit coordinates (0..1) of the content box. */
function receipt(u, v) {
	const left = 0.22,
		right = 0.78,
		top = 0.12,
		bottom = 0.86;
	if (u < left || u > right || v < top) return null;
	const teeth = 6;
	const w = (right - left) / teeth;
	const phase = ((u - left) % w) / w;
	const zig = bottom - 0.05 * Math.abs(phase - 0.5) * 2;
	if (v > zig) return null;
	const inLine = (y0, x1) => v > y0 && v < y0 + 0.05 && u > left + 0.08 && u < x1;
	if (inLine(0.24, right - 0.08) || inLine(0.36, right - 0.2) || inLine(0.48, right - 0.14)) return TEAL;
	if (v > 0.62 && v < 0.72 && u > left + 0.08 && u < right - 0.08) return AMBER;
	return WHITE;
}

function icon(size, maskable) {
	const radius = maskable ? 0 : size * 0.2;
	// Maskable icons keep their content inside the 80 % safe zone.
	const inset = maskable ? size * 0.12 : 0;
	return png(size, (x, y) => {
		if (!maskable) {
			const cx = Math.min(Math.max(x, radius), size - radius);
			const cy = Math.min(Math.max(y, radius), size - radius);
			if ((x - cx) ** 2 + (y - cy) ** 2 > radius ** 2) return [0, 0, 0, 0];
		}
		const u = (x - inset) / (size - 2 * inset);
		const v = (y - inset) / (size - 2 * inset);
		const c = receipt(u, v) ?? TEAL;
		return [...c, 255];
	});
}

const dir = join(import.meta.dirname, '..', 'static', 'icons');
mkdirSync(dir, { recursive: true });
for (const size of [192, 512]) {
	writeFileSync(join(dir, `icon-${size}.png`), icon(size, false));
	writeFileSync(join(dir, `maskable-${size}.png`), icon(size, true));
}
console.log('icons written to', dir);
