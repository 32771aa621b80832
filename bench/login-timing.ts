// Measures HO login answer times: wrong password for a real user vs an unknown user name. Both run
// one scrypt, so the medians should match (the throttle is lifted for the run). A measurement, not a test.
import { startServer } from '../tests/helpers/server';

const server = await startServer({
	env: { LOGIN_MAX_FAILURES: '100000', LOGIN_MAX_FAILURES_PER_ADDRESS: '100000' }
});
const RUNS = Number(process.env.RUNS ?? 40);

async function time(username: string): Promise<number> {
	const t0 = performance.now();
	const r = await fetch(`${server.url}/api/auth/login/`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ username, password: 'definitely-wrong' })
	});
	await r.text();
	if (r.status !== 401) throw new Error(`expected 401, got ${r.status}`);
	return performance.now() - t0;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
try {
	const known: number[] = [];
	const unknown: number[] = [];
	for (let i = 0; i < RUNS; i++) {
		known.push(await time('demo'));
		unknown.push(await time(`nobody-${i}`));
	}
	console.log(
		JSON.stringify({
			runs: RUNS,
			wrong_password_median_ms: Number(median(known).toFixed(1)),
			unknown_user_median_ms: Number(median(unknown).toFixed(1))
		})
	);
} finally {
	await server.stop();
}
