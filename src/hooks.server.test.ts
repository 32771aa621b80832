// The fallback page's painter is inlined (its hash in the meta CSP) and the module preloads follow it (the cold start's
// painted tiles no longer wait for the app's modules).
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { painterFirst, scriptHash } from './hooks.server';
import painter from '../static/first-screen.js?raw';

const CSP = `default-src 'self'; script-src 'self' 'sha256-boot='; style-src 'self' 'unsafe-inline'`;
const page = (csp: string | null) => `<head>
		<title>Kasir</title>
		${csp === null ? '' : `<meta http-equiv="content-security-policy" content="${csp}">`}
		<link href="/_app/immutable/assets/0.css" rel="stylesheet">
		<link href="/_app/immutable/entry/start.js" rel="modulepreload">
		<link href="/_app/immutable/chunks/a.js" rel="modulepreload">
		
	</head>
	<body>
		<script src="/first-screen.js"></script>
		<div style="display: contents"><script>boot()</script></div>
	</body>`;

const preloadsOf = (html: string) =>
	[...html.matchAll(/<link href="([^"]+)" rel="modulepreload">/g)].map((m) => m[1]);

describe('painterFirst', () => {
	it('inlines the painter, adds its hash to script-src and puts every module preload after it, once, in order', () => {
		const out = painterFirst(page(CSP), painter);
		expect(out).not.toContain('first-screen.js"');
		const at = out.indexOf(`<script>${painter}</script>`);
		expect(at).toBeGreaterThan(out.indexOf('<body>'));
		expect(preloadsOf(out)).toEqual(['/_app/immutable/entry/start.js', '/_app/immutable/chunks/a.js']);
		expect(out.indexOf('rel="modulepreload"')).toBeGreaterThan(at + painter.length);
		expect(out.indexOf('rel="modulepreload"')).toBeLessThan(out.indexOf('<div style="display: contents">'));
		// The stylesheet stays in the head; the hash is the browser's: sha256 of the script's text, base64.
		expect(out.indexOf('rel="stylesheet"')).toBeLessThan(out.indexOf('</head>'));
		const digest = createHash('sha256').update(painter).digest('base64');
		expect(out).toContain(`script-src 'self' 'sha256-boot=' 'sha256-${digest}'; style-src`);
		expect(scriptHash(painter)).toBe(`'sha256-${digest}'`);
	});

	it('inlines without a hash when the page has no CSP, and keeps the file when the CSP has no script-src', () => {
		expect(painterFirst(page(null), painter)).toContain(`<script>${painter}</script>`);
		const noScriptSrc = painterFirst(page("default-src 'self'"), painter);
		expect(noScriptSrc).toContain(
			'<script src="/first-screen.js"></script>\n\t\t<link href="/_app/immutable/entry'
		);
		expect(noScriptSrc).toContain(`content="default-src 'self'"`);
	});

	it('keeps the file when the text could end the script early, and leaves a page without the painter as it is', () => {
		const out = painterFirst(page(CSP), 'document.write("</script>")');
		expect(out).toContain('<script src="/first-screen.js"></script>');
		expect(out).toContain(CSP);
		const without = page(CSP).replace('<script src="/first-screen.js"></script>', '');
		expect(painterFirst(without, painter)).toBe(without);
	});
});
