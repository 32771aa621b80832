// Why: runs once, at build time, when adapter-static renders the SPA's fallback page (there is no server render otherwise).
// A cold start paints its first tiles from a snapshot (static/first-screen.js) before any module loads. SvelteKit writes
// the root layout's ~30 module preloads in the head, so the service worker answered them, and the main thread took them
// in, before the painter: the painted tiles waited for the app's modules. Here the painter is inlined where app.html
// loads it (its hash joins the meta CSP's script-src) and the module preloads follow it in the body: the painter runs as
// soon as the parser reaches it (the head's stylesheets are inlined by svelte.config.js's inlineStyleThreshold, so there is
// no stylesheet to wait for), and the preloads are asked for right after it (the app starts no later).
import { createHash } from 'node:crypto';
import type { Handle } from '@sveltejs/kit';
import painter from '../static/first-screen.js?raw';

const PAINTER_TAG = /<script src="[^"]*\/first-screen\.js"><\/script>/;
const PRELOAD = /[ \t]*<link href="[^"]+" rel="modulepreload">\n?/g;
const CSP_META = /(<meta http-equiv="content-security-policy" content=")([^"]*)(">)/;

/** The CSP source that allows exactly this inline script. */
export function scriptHash(source: string): string {
	return `'sha256-${createHash('sha256').update(source, 'utf8').digest('base64')}'`;
}

/** The meta CSP's content with `hash` added to script-src; null when the policy has no script-src to add it to. */
function withScriptHash(policy: string, hash: string): string | null {
	const directives = policy.split(';');
	const at = directives.findIndex((d) => d.trim().startsWith('script-src '));
	if (at < 0) return null;
	directives[at] = `${directives[at]?.trimEnd()} ${hash}`;
	return directives.join(';');
}

/**
 * The page's HTML with the painter's `<script src>` replaced by the painter itself (its hash added to the meta CSP) and the
 * module preloads moved from the head to right after it. The painter stays a file when it cannot be inlined safely (a
 * `</script` or `<!--` in its text, or a meta CSP without script-src); a page without the painter is left as it is.
 */
export function painterFirst(html: string, source: string): string {
	const tag = PAINTER_TAG.exec(html);
	if (!tag) return html;
	const preloads = (html.match(PRELOAD) ?? []).map((l) => `\t\t${l.trim()}\n`).join('');
	let page = html.replace(PRELOAD, '');
	let script = tag[0];
	const csp = CSP_META.exec(page);
	const policy = csp ? withScriptHash(csp[2] ?? '', scriptHash(source)) : '';
	if (policy !== null && !/<\/script|<!--/i.test(source)) {
		script = `<script>${source}</script>`;
		if (csp)
			page = page.replace(CSP_META, (_m, open: string, _p, close: string) => `${open}${policy}${close}`);
	}
	// Replacer functions: the painter's text holds `$` sequences a replacement string would expand.
	return page.replace(PAINTER_TAG, () => `${script}\n${preloads}`);
}

export const handle: Handle = ({ event, resolve }) =>
	resolve(event, { transformPageChunk: ({ html }) => painterFirst(html, painter) });
