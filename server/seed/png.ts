// A tiny dependency-free PNG encoder and the generated product picture (gradient, plate, initials).
import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { glyph } from './glyphs.ts';

const CRC_TABLE = (() => {
	const t = new Uint32Array(256);
	for (let n = 0; n < 256; n++) {
		let c = n;
		for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
		t[n] = c >>> 0;
	}
	return t;
})();

function crc32(buf: Uint8Array): number {
	let c = 0xffffffff;
	for (const b of buf) c = (CRC_TABLE[(c ^ b) & 0xff] ?? 0) ^ (c >>> 8);
	return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
	const len = Buffer.alloc(4);
	len.writeUInt32BE(data.length);
	const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(body));
	return Buffer.concat([len, body, crc]);
}

/** Encodes 8-bit RGB pixels (row-major, width*height*3 bytes) as a PNG file. */
export function encodePng(width: number, height: number, rgb: Uint8Array): Buffer {
	const raw = Buffer.alloc((width * 3 + 1) * height);
	for (let y = 0; y < height; y++) {
		raw[y * (width * 3 + 1)] = 0; // filter: none
		raw.set(rgb.subarray(y * width * 3, (y + 1) * width * 3), y * (width * 3 + 1) + 1);
	}
	const ihdr = Buffer.alloc(13);
	ihdr.writeUInt32BE(width, 0);
	ihdr.writeUInt32BE(height, 4);
	ihdr[8] = 8; // bit depth
	ihdr[9] = 2; // colour type: truecolour
	return Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		chunk('IHDR', ihdr),
		chunk('IDAT', deflateSync(raw, { level: 6 })),
		chunk('IEND', Buffer.alloc(0))
	]);
}

function hsl(h: number, s: number, l: number): [number, number, number] {
	const a = s * Math.min(l, 1 - l);
	const f = (n: number) => {
		const k = (n + h / 30) % 12;
		return Math.round(255 * (l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1))));
	};
	return [f(0), f(8), f(4)];
}

function initials(name: string): string {
	const words = name
		.toUpperCase()
		.replace(/[^A-Z0-9 ]/g, ' ')
		.split(/\s+/)
		.filter(Boolean);
	return ((words[0]?.[0] ?? '?') + (words[1]?.[0] ?? words[0]?.[1] ?? '')).slice(0, 2);
}

/**
 * A 256×256 picture that differs per name: a diagonal gradient in two hues from the name's hash,
 * a plate (two rings) in the middle, the name's initials on it, and a band whose position varies.
 * `variant` changes the hue so a replaced photo is visibly (and byte-wise) different.
 */
export function productPicture(name: string, variant = 0, size = 256): Buffer {
	const h = createHash('sha1').update(`${name}#${variant}`).digest();
	const hue1 = ((h[0] ?? 0) * 360) / 256;
	const hue2 = (hue1 + 40 + ((h[1] ?? 0) % 140)) % 360;
	const c1 = hsl(hue1, 0.65, 0.55);
	const c2 = hsl(hue2, 0.7, 0.35);
	const plate = hsl(hue1, 0.2, 0.95);
	const ring = hsl(hue2, 0.6, 0.45);
	const ink = hsl(hue2, 0.7, 0.25);
	const bandY = Math.floor(size * (0.78 + ((h[2] ?? 0) % 12) / 100));
	const px = new Uint8Array(size * size * 3);
	const cx = size / 2;
	const cy = size / 2 - size * 0.05;
	const r = size * 0.34;
	const text = initials(name);
	const scale = Math.floor(size / 22);
	const textW = text.length * 6 * scale - scale;
	const tx = Math.round(cx - textW / 2);
	const ty = Math.round(cy - (7 * scale) / 2);
	for (let y = 0; y < size; y++) {
		for (let x = 0; x < size; x++) {
			const t = (x + y) / (2 * size);
			let col: [number, number, number] = [
				Math.round(c1[0] * (1 - t) + c2[0] * t),
				Math.round(c1[1] * (1 - t) + c2[1] * t),
				Math.round(c1[2] * (1 - t) + c2[2] * t)
			];
			if (y >= bandY && y < bandY + size * 0.06) col = ring;
			const d = Math.hypot(x - cx, y - cy);
			if (d < r) col = plate;
			if (d < r && d > r * 0.86) col = ring;
			const gx = Math.floor((x - tx) / scale);
			const gy = Math.floor((y - ty) / scale);
			if (x >= tx && y >= ty && gy < 7) {
				const ci = Math.floor(gx / 6);
				const cx6 = gx % 6;
				const ch = text[ci];
				if (ch && cx6 < 5 && glyph(ch, cx6, gy)) col = ink;
			}
			const i = (y * size + x) * 3;
			px[i] = col[0];
			px[i + 1] = col[1];
			px[i + 2] = col[2];
		}
	}
	return encodePng(size, size, px);
}
