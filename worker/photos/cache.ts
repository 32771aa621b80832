// Why: the photo cache behind a small interface: Cache Storage in the browser (read by the service worker), a Map in Node tests.
import { PHOTO_CACHE } from '../../src/lib/sw/photos';

export interface CachedPhotoMeta {
	checksum: string;
	version: number;
	contentType: string;
}

export interface PhotoCache {
	/** Stores verified bytes under the same-origin URL `/photos/<product_id>` (replacing what was there). */
	put(url: string, bytes: ArrayBuffer, meta: CachedPhotoMeta): Promise<void>;
	delete(url: string): Promise<boolean>;
	has(url: string): Promise<boolean>;
	/** The checksum the cached copy was stored with (`X-Checksum`), null when nothing is cached. */
	checksum(url: string): Promise<string | null>;
	/** Every cached URL (paths such as `/photos/<product_id>`). */
	keys(): Promise<string[]>;
}

function pathOf(url: string): string {
	return url.startsWith('/') ? url : new URL(url).pathname;
}

/** The browser variant: one named cache in Cache Storage; a Response carries the type, MD5 and version. */
export function cacheStoragePhotoCache(storage: CacheStorage, name = PHOTO_CACHE): PhotoCache {
	let opened: Promise<Cache> | undefined;
	const cache = () => (opened ??= storage.open(name));
	return {
		async put(url, bytes, meta) {
			const res = new Response(bytes, {
				status: 200,
				headers: {
					'Content-Type': meta.contentType,
					'Content-Length': String(bytes.byteLength),
					'X-Checksum': meta.checksum,
					'X-Version': String(meta.version)
				}
			});
			await (await cache()).put(url, res);
		},
		async delete(url) {
			return (await cache()).delete(url);
		},
		async has(url) {
			return (await (await cache()).match(url)) !== undefined;
		},
		async checksum(url) {
			const hit = await (await cache()).match(url);
			return hit ? hit.headers.get('X-Checksum') : null;
		},
		async keys() {
			return (await (await cache()).keys()).map((r) => pathOf(r.url));
		}
	};
}

/** The Node variant: bytes in a Map (what a test inspects). */
export class MemoryPhotoCache implements PhotoCache {
	readonly entries = new Map<string, { bytes: ArrayBuffer; meta: CachedPhotoMeta }>();

	async put(url: string, bytes: ArrayBuffer, meta: CachedPhotoMeta): Promise<void> {
		this.entries.set(pathOf(url), { bytes: bytes.slice(0), meta: { ...meta } });
	}
	async delete(url: string): Promise<boolean> {
		return this.entries.delete(pathOf(url));
	}
	async has(url: string): Promise<boolean> {
		return this.entries.has(pathOf(url));
	}
	async checksum(url: string): Promise<string | null> {
		return this.entries.get(pathOf(url))?.meta.checksum ?? null;
	}
	async keys(): Promise<string[]> {
		return [...this.entries.keys()];
	}
}

/** Cache Storage when the platform has it (browser workers), else one process-wide Map (Node). */
let fallback: MemoryPhotoCache | undefined;
export function platformPhotoCache(): PhotoCache {
	const storage = (globalThis as { caches?: CacheStorage }).caches;
	if (storage) return cacheStoragePhotoCache(storage);
	return (fallback ??= new MemoryPhotoCache());
}
