// Why: spark-md5 ships no types; only the ArrayBuffer hash the photo sync uses is declared.
declare module 'spark-md5' {
	interface SparkArrayBuffer {
		append(buf: ArrayBuffer): SparkArrayBuffer;
		end(raw?: boolean): string;
	}
	interface SparkArrayBufferStatic {
		new (): SparkArrayBuffer;
		hash(buf: ArrayBuffer, raw?: boolean): string;
	}
	const SparkMD5: { ArrayBuffer: SparkArrayBufferStatic; hash(str: string, raw?: boolean): string };
	export default SparkMD5;
}
