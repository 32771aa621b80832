// Why: the service worker answers product images (`/photos/<product_id>`) from the verified photo cache the worker fills, else with a neutral placeholder; it never fetches or caches an image itself.

/** Cache Storage name shared by the worker's photo sync (the only writer) and the service worker (reader). */
export const PHOTO_CACHE = 'kasir-photos-v1';
export const PHOTO_PREFIX = '/photos/';

/** The same-origin URL a product's photo is served at (and its key in the photo cache). */
export const photoUrl = (productId: string) => `${PHOTO_PREFIX}${encodeURIComponent(productId)}`;

/** Marks the placeholder so pages and tests can tell it from a real photo. */
export const PLACEHOLDER_HEADER = 'X-Photo-Placeholder';

/** True for requests this module answers (the service worker has checked method and origin). */
export function isPhotoRequest(url: URL): boolean {
	return url.pathname.startsWith(PHOTO_PREFIX) && url.pathname.length > PHOTO_PREFIX.length;
}

// A neutral plate with cutlery in muted grey; width/height give the <img> a natural size. The grid draws it itself for a
// product with no cached photo (src/lib/components/sell/ProductPhoto.svelte).
export const PLACEHOLDER_SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="160" height="160" viewBox="0 0 160 160" role="img" aria-label="No photo yet">
<rect width="160" height="160" fill="#f1f2f4"/>
<circle cx="80" cy="84" r="44" fill="#ffffff" stroke="#c5c9d0" stroke-width="4"/>
<circle cx="80" cy="84" r="28" fill="none" stroke="#dde0e5" stroke-width="3"/>
<path d="M26 48v22a6 6 0 0 0 6 6v44M32 48v20M38 48v22a6 6 0 0 1-6 6" fill="none" stroke="#c5c9d0" stroke-width="4" stroke-linecap="round"/>
<path d="M134 120V48c-8 4-12 14-12 26v10h12" fill="none" stroke="#c5c9d0" stroke-width="4" stroke-linecap="round" stroke-linejoin="round"/>
</svg>`;

export function placeholderResponse(): Response {
	return new Response(PLACEHOLDER_SVG, {
		status: 200,
		headers: { 'Content-Type': 'image/svg+xml', 'Cache-Control': 'no-store', [PLACEHOLDER_HEADER]: '1' }
	});
}

/**
 * The cached, MD5-verified copy the worker stored, or the placeholder. No network: the server has
 * no `/photos/*` route, and anything fetched here would be unverified.
 */
export async function answerPhoto(request: Request, storage: CacheStorage): Promise<Response> {
	try {
		const key = new URL(request.url);
		key.search = '';
		key.hash = '';
		const hit = await (await storage.open(PHOTO_CACHE)).match(key.href, { ignoreVary: true });
		if (hit) return hit;
	} catch {
		// Cache Storage unavailable (quota, private mode): the placeholder keeps the grid usable.
	}
	return placeholderResponse();
}

/** The service worker's entry point for `/photos/*`. */
export function handlePhotoRequest(request: Request): Promise<Response> {
	return answerPhoto(request, caches);
}
