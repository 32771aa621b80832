// Why: one MD5 (hex, lowercase) for photo bytes, the same in the worker and in Node tests (the HO sends MD5 in `checksum` and `X-Checksum`).
import SparkMD5 from 'spark-md5';

export function md5Hex(bytes: ArrayBuffer): string {
	return SparkMD5.ArrayBuffer.hash(bytes);
}

/** MD5 hex strings compared without regard to case or surrounding quotes/space. */
export function sameChecksum(a: string | null | undefined, b: string | null | undefined): boolean {
	const norm = (s: string) => s.trim().replace(/^"|"$/g, '').toLowerCase();
	return typeof a === 'string' && typeof b === 'string' && a !== '' && norm(a) === norm(b);
}
