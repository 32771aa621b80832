// Head-office API routes (seeds 000 and 002). Skeleton: filled in by the HO issue.
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Deps } from '../deps.ts';

export function hoRoutes(_deps: Deps) {
	return new OpenAPIHono();
}
