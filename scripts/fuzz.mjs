// `npm run fuzz -- --cases N [--seed S] [--db postgres]`: the contract fuzz suite with more cases
// than the 1,000 of `npm test`; a failure prints the seed (and fast-check's path) to replay it.
import { spawnSync } from 'node:child_process';

const args = process.argv.slice(2);
const opt = (name, def) => {
	const i = args.indexOf(`--${name}`);
	return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : def;
};
const cases = opt('cases', '10000');
const seed = opt('seed', String(Date.now() % 2_147_483_647));
const project = opt('db', 'pglite') === 'postgres' ? 'contract-pg' : 'contract';
if (!/^\d+$/.test(cases) || !/^-?\d+$/.test(seed)) {
	console.error('usage: npm run fuzz -- --cases N [--seed S] [--db pglite|postgres]');
	process.exit(2);
}
console.log(`fuzz: ${cases} cases, seed ${seed}, project ${project}`);
const r = spawnSync('npx', ['vitest', 'run', '--project', project, 'tests/contract/fuzz.test.ts'], {
	stdio: 'inherit',
	env: { ...process.env, FUZZ_CASES: cases, FUZZ_SEED: seed }
});
process.exit(r.status ?? 1);
