// Server settings from the environment, read once at start-up.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface ServerConfig {
	port: number;
	host: string;
	databaseUrl: string | undefined;
	dataDir: string;
	/** Signs HO JWTs and event HMACs; kept under dataDir so restarts keep tokens valid. */
	secret: string;
	rateLimitPerMinute: number;
	staticDir: string | undefined;
	seedDemo: boolean;
	accessTtlSeconds: number;
}

function persistentSecret(dataDir: string): string {
	if (process.env.KASIR_SECRET) return process.env.KASIR_SECRET;
	mkdirSync(dataDir, { recursive: true });
	const file = join(dataDir, 'secret');
	if (existsSync(file)) return readFileSync(file, 'utf8').trim();
	const s = randomBytes(32).toString('hex');
	writeFileSync(file, s, { mode: 0o600 });
	return s;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
	const dataDir = resolve(env.DATA_DIR ?? './data');
	const staticDir = env.STATIC_DIR === '' ? undefined : resolve(env.STATIC_DIR ?? './build');
	return {
		port: Number(env.PORT ?? 8000),
		host: env.HOST ?? '0.0.0.0',
		databaseUrl: env.DATABASE_URL || undefined,
		dataDir,
		secret: persistentSecret(dataDir),
		rateLimitPerMinute: Number(env.RATE_LIMIT_PER_MINUTE ?? 100),
		staticDir: staticDir && existsSync(staticDir) ? staticDir : undefined,
		seedDemo: env.SEED_DEMO !== '0',
		accessTtlSeconds: Number(env.ACCESS_TOKEN_TTL ?? 3600)
	};
}
