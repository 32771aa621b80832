// Structured JSON logs on stdout; secrets never reach a log line.
const SECRET_KEYS = /pass(word)?|token|secret|key|authorization|access|refresh|pin/i;

function redact(value: unknown, depth = 0): unknown {
	if (depth > 4 || value === null || typeof value !== 'object') return value;
	if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
	const out: Record<string, unknown> = {};
	for (const [k, v] of Object.entries(value))
		out[k] = SECRET_KEYS.test(k) ? '[redacted]' : redact(v, depth + 1);
	return out;
}

export type Level = 'debug' | 'info' | 'warn' | 'error';
const order: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const threshold = order[(process.env.LOG_LEVEL as Level | undefined) ?? 'info'] ?? 20;

export function log(level: Level, msg: string, fields: Record<string, unknown> = {}): void {
	if (order[level] < threshold) return;
	const line = JSON.stringify({ time: new Date().toISOString(), level, msg, ...(redact(fields) as object) });
	(level === 'error' || level === 'warn' ? process.stderr : process.stdout).write(line + '\n');
}
