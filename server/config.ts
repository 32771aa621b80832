// Server settings from the environment, read once at start-up.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface ServerConfig {
	port: number;
	host: string;
	databaseUrl: string | undefined;
	/** PostgreSQL connections this process keeps (DATABASE_POOL_SIZE): each outlet's batch holds one while it writes. */
	databasePoolSize: number;
	dataDir: string;
	/** Signs HO JWTs and event HMACs; kept under dataDir so restarts keep tokens valid. */
	secret: string;
	rateLimitPerMinute: number;
	staticDir: string | undefined;
	seedDemo: boolean;
	accessTtlSeconds: number;
	/** Origins (scheme://host[:port]) whose pages may call the APIs from a browser (CORS_ORIGINS). */
	corsOrigins: string[];
	/** Extra connect-src origins the PWA's CSP narrows to (CSP_CONNECT_SRC); empty: any http(s). */
	connectSrc: string[];
	/** Failed logins per username, then per client address, in LOGIN_WINDOW_SECONDS before 429. */
	loginMaxFailures: number;
	loginMaxFailuresPerAddress: number;
	loginWindowSeconds: number;
	/** Requests with a missing or unknown API key per client address per minute before 429. */
	badKeyPerMinute: number;
	/** Open event streams one outlet may hold at once. */
	maxStreamsPerOutlet: number;
	/** Tablets of one outlet see each other's open orders (SHARE_OPEN_ORDERS; on by default in edge mode). */
	shareOpenOrders: boolean;
	/** PEM certificate and key files: the server then speaks HTTPS (TLS_CERT_FILE, TLS_KEY_FILE). */
	tlsCertFile: string | undefined;
	tlsKeyFile: string | undefined;
}

const list = (raw: string | undefined) =>
	(raw ?? '')
		.split(/[\s,]+/)
		.map((s) => s.trim().replace(/\/+$/, ''))
		.filter(Boolean);

function persistentSecret(dataDir: string): string {
	if (process.env.KASIR_SECRET) return process.env.KASIR_SECRET;
	mkdirSync(dataDir, { recursive: true });
	const file = join(dataDir, 'secret');
	if (existsSync(file)) return readFileSync(file, 'utf8').trim();
	const s = randomBytes(32).toString('hex');
	writeFileSync(file, s, { mode: 0o600 });
	return s;
}

const flag = (raw: string | undefined, otherwise: boolean) =>
	raw === undefined || raw === '' ? otherwise : /^(1|true|yes|on)$/i.test(raw);

/** 20 by default: enough for 50 outlets pushing at once on a 2-core database (docs/performance.md, "Server ingest"). */
export const DEFAULT_POOL_SIZE = 20;
function poolSize(raw: string | undefined): number {
	if (raw === undefined || raw === '') return DEFAULT_POOL_SIZE;
	const n = Number(raw);
	if (!Number.isInteger(n) || n < 1)
		throw new Error(`DATABASE_POOL_SIZE must be a whole number of connections, 1 or more (got "${raw}")`);
	return n;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
	const dataDir = resolve(env.DATA_DIR ?? './data');
	// Edge mode (server/edge/config.ts) serves one outlet's own copy of the upstream data: no demo seed.
	const edgeMode = Boolean(env.EDGE_HO_URL);
	const tlsCertFile = env.TLS_CERT_FILE ? resolve(env.TLS_CERT_FILE) : undefined;
	const tlsKeyFile = env.TLS_KEY_FILE ? resolve(env.TLS_KEY_FILE) : undefined;
	if (Boolean(tlsCertFile) !== Boolean(tlsKeyFile))
		throw new Error('HTTPS needs both TLS_CERT_FILE and TLS_KEY_FILE');
	const staticDir = env.STATIC_DIR === '' ? undefined : resolve(env.STATIC_DIR ?? './build');
	return {
		port: Number(env.PORT ?? 8000),
		host: env.HOST ?? '0.0.0.0',
		databaseUrl: env.DATABASE_URL || undefined,
		databasePoolSize: poolSize(env.DATABASE_POOL_SIZE),
		dataDir,
		secret: persistentSecret(dataDir),
		rateLimitPerMinute: Number(env.RATE_LIMIT_PER_MINUTE ?? 100),
		staticDir: staticDir && existsSync(staticDir) ? staticDir : undefined,
		seedDemo: env.SEED_DEMO !== '0' && !edgeMode,
		accessTtlSeconds: Number(env.ACCESS_TOKEN_TTL ?? 3600),
		corsOrigins: list(env.CORS_ORIGINS),
		connectSrc: list(env.CSP_CONNECT_SRC),
		loginMaxFailures: Number(env.LOGIN_MAX_FAILURES ?? 5),
		loginMaxFailuresPerAddress: Number(env.LOGIN_MAX_FAILURES_PER_ADDRESS ?? 20),
		loginWindowSeconds: Number(env.LOGIN_WINDOW_SECONDS ?? 900),
		badKeyPerMinute: Number(env.BAD_KEY_PER_MINUTE ?? 30),
		maxStreamsPerOutlet: Number(env.MAX_STREAMS_PER_OUTLET ?? 5),
		shareOpenOrders: flag(env.SHARE_OPEN_ORDERS, edgeMode),
		tlsCertFile,
		tlsKeyFile
	};
}
