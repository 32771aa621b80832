// Photo uploads are checked by structure, not by their first bytes: a PNG is walked chunk by chunk
// (every CRC, IHDR first, IEND last, the image data inflates to exactly the size IHDR promises), a
// JPEG and a WebP by their segment and chunk lengths; nothing may follow the end, and no markup may
// hide inside (an image/HTML polyglot). Hand-written to avoid a native decoder for three formats.
import { crc32, inflateSync } from 'node:zlib';

export type ImageCheck =
	{ ok: true; type: 'image/png' | 'image/jpeg' | 'image/webp' } | { ok: false; reason: string };

const MAX_PIXELS = 40_000_000;
const MARKUP = /<\s*(script|html|body|svg|iframe|object|embed|!doctype|\?xml)/i;

const be32 = (b: Uint8Array, i: number) =>
	(((b[i] ?? 0) << 24) | ((b[i + 1] ?? 0) << 16) | ((b[i + 2] ?? 0) << 8) | (b[i + 3] ?? 0)) >>> 0;
const le32 = (b: Uint8Array, i: number) =>
	((b[i] ?? 0) | ((b[i + 1] ?? 0) << 8) | ((b[i + 2] ?? 0) << 16) | ((b[i + 3] ?? 0) << 24)) >>> 0;
const ascii = (b: Uint8Array, i: number, n: number) => Buffer.from(b.subarray(i, i + n)).toString('latin1');
const bad = (reason: string): ImageCheck => ({ ok: false, reason });

const PNG_SIG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

function checkPng(b: Uint8Array): ImageCheck {
	let i = 8;
	let width = 0;
	let height = 0;
	let bitsPerPixel = 0;
	let interlaced = false;
	const idat: Uint8Array[] = [];
	let first = true;
	for (;;) {
		if (i + 12 > b.length) return bad('PNG ends inside a chunk (no IEND)');
		const len = be32(b, i);
		const type = ascii(b, i + 4, 4);
		if (!/^[A-Za-z]{4}$/.test(type)) return bad('PNG chunk type is not four letters');
		if (len > b.length - i - 12) return bad(`PNG chunk ${type} runs past the end`);
		const data = b.subarray(i + 8, i + 8 + len);
		if (crc32(b.subarray(i + 4, i + 8 + len)) !== be32(b, i + 8 + len))
			return bad(`PNG chunk ${type} fails its CRC`);
		if (first) {
			if (type !== 'IHDR' || len !== 13) return bad('PNG does not start with IHDR');
			width = be32(data, 0);
			height = be32(data, 4);
			const depth = data[8] ?? 0;
			const colour = data[9] ?? 0;
			const channels = CHANNELS[colour];
			if (!width || !height || width * height > MAX_PIXELS) return bad('PNG size is zero or too large');
			if (!channels || ![1, 2, 4, 8, 16].includes(depth))
				return bad('PNG colour type or bit depth is invalid');
			if (data[10] !== 0 || data[11] !== 0 || (data[12] ?? 2) > 1)
				return bad('PNG compression, filter or interlace method is invalid');
			bitsPerPixel = channels * depth;
			interlaced = data[12] === 1;
			first = false;
		} else if (type === 'IDAT') idat.push(data);
		else if (type === 'IEND') {
			if (i + 12 !== b.length) return bad('bytes follow the PNG IEND chunk');
			break;
		}
		i += 12 + len;
	}
	if (!idat.length) return bad('PNG has no image data');
	let pixels: Buffer;
	try {
		pixels = inflateSync(Buffer.concat(idat), { maxOutputLength: MAX_PIXELS * 8 + height });
	} catch {
		return bad('PNG image data does not inflate');
	}
	if (!interlaced) {
		const expected = height * (1 + Math.ceil((width * bitsPerPixel) / 8));
		if (pixels.length !== expected) return bad('PNG image data does not match its size');
		const rowBytes = expected / height;
		for (let r = 0; r < height; r++)
			if ((pixels[r * rowBytes] ?? 0) > 4) return bad('PNG row filter is invalid');
	}
	return { ok: true, type: 'image/png' };
}

function checkJpeg(b: Uint8Array): ImageCheck {
	let i = 2;
	let frame = false;
	for (;;) {
		if (i + 4 > b.length) return bad('JPEG ends before its image data');
		if (b[i] !== 0xff) return bad('JPEG segment marker expected');
		const marker = b[i + 1] ?? 0;
		if (marker === 0xff) {
			i++;
			continue;
		}
		const len = ((b[i + 2] ?? 0) << 8) | (b[i + 3] ?? 0);
		if (len < 2 || i + 2 + len > b.length) return bad('JPEG segment runs past the end');
		if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
			const h = ((b[i + 5] ?? 0) << 8) | (b[i + 6] ?? 0);
			const w = ((b[i + 7] ?? 0) << 8) | (b[i + 8] ?? 0);
			if (!w || !h) return bad('JPEG frame has no size');
			frame = true;
		}
		i += 2 + len;
		if (marker === 0xda) break;
	}
	if (!frame) return bad('JPEG has no frame header');
	if (b[b.length - 2] !== 0xff || b[b.length - 1] !== 0xd9)
		return bad('JPEG does not end with EOI (or bytes follow it)');
	// Entropy-coded data: 0xFF is followed only by 0x00 (stuffing), RSTn, another marker's fill, or EOI at the end.
	for (let k = i; k < b.length - 2; k++) {
		if (b[k] !== 0xff) continue;
		const next = b[k + 1] ?? 0;
		if (next === 0x00 || (next >= 0xd0 && next <= 0xd7) || next === 0xff) continue;
		// Progressive JPEGs carry further DHT/SOS segments between scans.
		if (next === 0xc4 || next === 0xda || next === 0xdd || (next >= 0xe0 && next <= 0xef) || next === 0xfe) {
			const len = ((b[k + 2] ?? 0) << 8) | (b[k + 3] ?? 0);
			if (len < 2 || k + 2 + len > b.length - 2) return bad('JPEG segment runs past the end');
			k += 1 + len;
			continue;
		}
		return bad('JPEG image data holds a stray marker');
	}
	return { ok: true, type: 'image/jpeg' };
}

function checkWebp(b: Uint8Array): ImageCheck {
	if (le32(b, 4) + 8 !== b.length) return bad('WebP RIFF size does not match the body');
	let i = 12;
	let image = false;
	while (i < b.length) {
		if (i + 8 > b.length) return bad('WebP ends inside a chunk');
		const type = ascii(b, i, 4);
		const len = le32(b, i + 4);
		if (i + 8 + len > b.length) return bad(`WebP chunk ${type} runs past the end`);
		if (type === 'VP8 ' || type === 'VP8L' || type === 'VP8X') image = true;
		i += 8 + len + (len % 2);
	}
	if (i !== b.length) return bad('WebP chunk padding runs past the end');
	return image ? { ok: true, type: 'image/webp' } : bad('WebP has no image chunk');
}

export function checkImage(b: Uint8Array): ImageCheck {
	let result: ImageCheck;
	if (b.length > 8 && PNG_SIG.every((x, k) => b[k] === x)) result = checkPng(b);
	else if (b.length > 4 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) result = checkJpeg(b);
	else if (b.length > 12 && ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 4) === 'WEBP') result = checkWebp(b);
	else return bad('Body is not a PNG, JPEG or WebP image');
	if (result.ok && MARKUP.test(Buffer.from(b).toString('latin1')))
		return bad('image carries HTML/SVG markup (an image/HTML polyglot)');
	return result;
}
