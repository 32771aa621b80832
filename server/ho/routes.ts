// Head-office API (seeds 000 and 002, plus HQ admin actions): one router with a bearer guard and
// the HO error envelope for every failure, validation included.
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Deps } from '../deps.ts';
import { registerAdmin } from './admin.ts';
import { registerAuth } from './auth-routes.ts';
import { hoOnError, hoValidationHook, requireAccess, type HoEnv } from './http.ts';
import { registerMaster } from './master.ts';
import { registerPhotos } from './photos.ts';

export function hoRoutes(deps: Deps) {
	const app = new OpenAPIHono<HoEnv>({ defaultHook: hoValidationHook });
	app.onError(hoOnError);
	app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
		type: 'http',
		scheme: 'bearer',
		bearerFormat: 'JWT',
		description: 'HO access token from POST /api/auth/login/'
	});
	const guard = requireAccess(deps.config.secret);
	for (const path of ['/api/sync/*', '/api/v1/sync/*', '/api/v1/admin/*']) app.use(path, guard);
	registerAuth(app, deps);
	registerMaster(app, deps);
	registerPhotos(app, deps);
	registerAdmin(app, deps);
	return app;
}
