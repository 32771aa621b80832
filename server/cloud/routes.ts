// Cloud API routes (seed 004). Skeleton: filled in by the cloud issue.
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Deps } from '../deps.ts';

export function cloudRoutes(_deps: Deps) {
	return new OpenAPIHono();
}
