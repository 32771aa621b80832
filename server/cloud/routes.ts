// Cloud API (seed 004): one router for /api/v1/outlets/{outlet_id}/…: API-key auth, the per-outlet
// rate limit and the cloud error envelope for every failure (body limits: server/http/edge.ts).
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Deps } from '../deps.ts';
import { cloudError } from '../http/envelope.ts';
import { registerAnalytics } from './analytics.ts';
import { requireOutlet } from './auth.ts';
import { foldBatch, registerBatch } from './batch.ts';
import { registerConflicts } from './conflicts.ts';
import { registerDevices } from './devices.ts';
import { registerEdgeClaim } from './edge-claim.ts';
import { cloudOnError, cloudValidationHook, type CloudEnv } from './http.ts';
import { registerPush } from './push-routes.ts';
import { registerReconciliation } from './reconciliation.ts';
import { registerShifts } from './shifts.ts';
import { registerSharedOrders } from './shared-orders.ts';
import { registerStream } from './stream.ts';
import { registerUpdates } from './updates.ts';

export function cloudRoutes(deps: Deps) {
	const app = new OpenAPIHono<CloudEnv>({ defaultHook: cloudValidationHook });
	app.onError(cloudOnError);
	app.openAPIRegistry.registerComponent('securitySchemes', 'outletKey', {
		type: 'http',
		scheme: 'bearer',
		description: "The outlet's API key; also send X-Outlet-ID and X-Outlet-Code"
	});
	const outletPaths = '/api/v1/outlets/:outlet_id/*';
	app.use(
		outletPaths,
		requireOutlet(deps.db, {
			badKeyPerMinute: deps.config.badKeyPerMinute,
			limit: deps.config.rateLimitPerMinute,
			fold: foldBatch
		})
	);
	registerPush(app, deps);
	registerBatch(app, deps);
	registerUpdates(app, deps);
	registerConflicts(app, deps);
	registerDevices(app, deps);
	registerAnalytics(app, deps);
	registerReconciliation(app, deps);
	registerShifts(app, deps);
	registerSharedOrders(app, deps);
	registerStream(app, deps);
	registerEdgeClaim(app, deps);
	// Unknown paths under an outlet answer in the cloud envelope, not the HO one.
	app.all(outletPaths, (c) => cloudError(c, 404, 'not_found', `No route for ${c.req.method} ${c.req.path}`));
	return app;
}
