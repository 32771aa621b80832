// Why: runs once, at build time, when adapter-static renders the SPA's fallback page (there is no server render otherwise).
// SvelteKit writes the root layout's stylesheets after its ~30 module preloads; the browser asks the service worker for them
// in document order, and the stylesheets block the first frame, so the cold start's painted tiles (static/first-screen.js)
// waited for every preload. Moving the stylesheet links first lets the first frame come as soon as the CSS is in.
import type { Handle } from '@sveltejs/kit';

const STYLESHEET = /[ \t]*<link href="[^"]+" rel="stylesheet">\n?/g;
const FIRST_PRELOAD = /[ \t]*<link href="[^"]+" rel="modulepreload">/;

/** The page's HTML with its stylesheet links moved before its module preloads (unchanged when either is missing). */
export function stylesFirst(html: string): string {
	const sheets = html.match(STYLESHEET);
	const first = FIRST_PRELOAD.exec(html);
	if (!sheets || !first) return html;
	const rest = html.replace(STYLESHEET, '');
	const at = rest.indexOf(first[0]);
	if (at < 0) return html;
	return rest.slice(0, at) + sheets.map((s) => (s.endsWith('\n') ? s : `${s}\n`)).join('') + rest.slice(at);
}

export const handle: Handle = ({ event, resolve }) =>
	resolve(event, { transformPageChunk: ({ html }) => stylesFirst(html) });
