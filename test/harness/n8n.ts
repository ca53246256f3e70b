/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/no-hardcoded-secrets, @n8n/community-nodes/require-node-api-error -- not shipped: n8n's rules for node code */
/**
 * Starts a real n8n (the pinned runtime from scripts/install-n8n.sh) with this package installed the way n8n
 * installs a community package, and drives it over its REST and public APIs. Used by the end-to-end tests,
 * the benchmark and `npm run start:n8n`. See ../shared/N8N-RUNTIME.md for the measured facts behind each step.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';

import { differencesFor } from './n8nVersions';

export const REPO_DIR = resolve(__dirname, '../..');
export const PACKAGE_NAME = 'n8n-nodes-telephony-webhooks';
export const OWNER = { email: 'owner@example.com', firstName: 'Test', lastName: 'Owner', password: 'Telephony-Webhooks-1' };

export interface Runtime {
	n8nDir: string;
	nodeBin: string;
	/** The n8n version installed there (N8N_VERSION, or the installer's pin); see ./n8nVersions.ts. */
	version: string;
}

export interface N8nInstance {
	baseUrl: string;
	port: number;
	userFolder: string;
	logFile: string;
	apiKey: string;
	processes: ChildProcess[];
	/** Set for queue mode: the webhook process's base URL, where production webhooks are served. */
	webhookUrl: string;
	encryptionKey: string;
	n8nVersion: string;
}

const log = (message: string) => process.stderr.write(`[n8n-harness] ${message}\n`);

/** Installs (or reuses) the cached runtime; fails loudly rather than letting tests skip. */
export function ensureRuntime(): Runtime {
	const out = execFileSync('bash', [join(REPO_DIR, 'scripts/install-n8n.sh')], {
		stdio: ['ignore', 'pipe', 'inherit'],
		maxBuffer: 64 * 1024 * 1024,
	})
		.toString()
		.trim()
		.split('\n');
	const n8nDir = out[out.length - 1];
	const nodeDir = out.find((line) => line.startsWith('NODE_HOME=')) ?? '';
	const nodeBin = join(nodeDir.replace('NODE_HOME=', ''), 'bin/node');
	if (!existsSync(join(n8nDir, 'node_modules/n8n/bin/n8n')) || !existsSync(nodeBin)) {
		throw new Error(`The n8n runtime is incomplete (${n8nDir}, ${nodeBin}); delete the cache folder and retry`);
	}
	// The installer's folder is `n8n-<version>`.
	return { n8nDir, nodeBin, version: basename(n8nDir).replace(/^n8n-/, '') };
}

/** `npm pack` of the built package, into a temporary folder; returns the tarball path. */
export function packPackage(): string {
	if (!existsSync(join(REPO_DIR, 'dist/nodes'))) {
		throw new Error('dist/ is missing: run `npm run build` before the end-to-end tests');
	}
	const outDir = mkdtempSync(join(tmpdir(), 'n8n-pack-'));
	const name = execFileSync('npm', ['pack', '--pack-destination', outDir, '--silent'], { cwd: REPO_DIR })
		.toString()
		.trim()
		.split('\n')
		.pop() as string;
	return join(outDir, name);
}

/**
 * Installs the tarball into `<user folder>/.n8n/nodes` as n8n's own community-package installer does:
 * unpacked into node_modules/<package>, dev and peer dependencies removed from its package.json, and the
 * package recorded in nodes/package.json.
 */
export function installCommunityPackage(userFolder: string, tarball: string): void {
	const nodesDir = join(userFolder, '.n8n/nodes');
	const packageDir = join(nodesDir, 'node_modules', PACKAGE_NAME);
	// A kept user folder (npm run start:n8n) may hold an older build: replace it whole, no stale files.
	rmSync(packageDir, { recursive: true, force: true });
	mkdirSync(packageDir, { recursive: true });
	execFileSync('tar', ['-xzf', tarball, '-C', packageDir, '--strip-components=1']);
	const manifestPath = join(packageDir, 'package.json');
	const { devDependencies, peerDependencies, optionalDependencies, ...manifest } = JSON.parse(
		readFileSync(manifestPath, 'utf8'),
	);
	void devDependencies;
	void peerDependencies;
	void optionalDependencies;
	writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
	writeFileSync(
		join(nodesDir, 'package.json'),
		JSON.stringify({ name: 'installed-nodes', private: true, dependencies: { [PACKAGE_NAME]: manifest.version } }, null, 2),
	);
}

export async function freePort(): Promise<number> {
	return await new Promise((resolvePort, reject) => {
		const server = createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			server.close(() => resolvePort(typeof address === 'object' && address ? address.port : 0));
		});
	});
}

export const sleepMs = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface StartOptions {
	runtime: Runtime;
	tarball: string;
	/** Extra environment for every n8n process. */
	env?: Record<string, string>;
	/** A fixed port (e.g. for `npm run start:n8n`); a free one otherwise. */
	port?: number;
	/** A user folder to use (and keep); a new temporary one otherwise. */
	userFolder?: string;
	/** The encryption key of a kept user folder (its credentials were encrypted with it); a new one otherwise. */
	encryptionKey?: string;
	/** An API key created earlier for this user folder; used when n8n still accepts it, else a new one is made. */
	apiKey?: string;
}

export function baseEnv(runtime: Runtime, userFolder: string): Record<string, string> {
	return {
		PATH: `${join(runtime.nodeBin, '..')}:${process.env.PATH ?? ''}`,
		HOME: process.env.HOME ?? userFolder,
		N8N_USER_FOLDER: userFolder,
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_SECURE_COOKIE: 'false',
		N8N_LOG_LEVEL: 'info',
		N8N_LOG_OUTPUT: 'console',
		DB_SQLITE_POOL_SIZE: '4',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_RUNNERS_MODE: 'internal',
		NODE_ENV: 'production',
		// n8n's default engine unless the run asks for another (e.g. `N8N_EXPRESSION_ENGINE=legacy`, as 1.x on Node 20 needs).
		...(process.env.N8N_EXPRESSION_ENGINE ? { N8N_EXPRESSION_ENGINE: process.env.N8N_EXPRESSION_ENGINE } : {}),
	};
}

/** Spawns one n8n process (`start`, `webhook` or `worker`) with its output appended to logFile. */
export function spawnN8n(
	runtime: Runtime,
	command: string[],
	env: Record<string, string>,
	logFile: string,
): ChildProcess {
	const out = createWriteStream(logFile, { flags: 'a' });
	const child = spawn(runtime.nodeBin, [join(runtime.n8nDir, 'node_modules/n8n/bin/n8n'), ...command], {
		env,
		stdio: ['ignore', 'pipe', 'pipe'],
		detached: true,
	});
	child.stdout?.pipe(out);
	child.stderr?.pipe(out);
	return child;
}

async function waitFor(description: string, timeoutMs: number, check: () => Promise<boolean>, child?: ChildProcess) {
	const started = Date.now();
	while (Date.now() - started < timeoutMs) {
		if (child && child.exitCode !== null) throw new Error(`n8n exited (${child.exitCode}) while waiting for ${description}`);
		try {
			if (await check()) return;
		} catch {
			// not up yet
		}
		await sleepMs(500);
	}
	throw new Error(`Timed out after ${timeoutMs} ms waiting for ${description}`);
}

export async function waitForRestApi(baseUrl: string, child?: ChildProcess, timeoutMs = 240_000) {
	await waitFor(`${baseUrl}/rest/settings`, timeoutMs, async () => (await fetch(`${baseUrl}/rest/settings`)).ok, child);
}

/** Creates the owner (retrying while n8n says it is still starting), logs in and creates an API key. */
export async function setUpOwnerAndApiKey(baseUrl: string, n8nVersion: string): Promise<string> {
	await waitFor('owner setup', 120_000, async () => {
		const res = await fetch(`${baseUrl}/rest/owner/setup`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(OWNER),
		});
		const type = res.headers.get('content-type') ?? '';
		return type.includes('json') && (res.ok || res.status === 400);
	});
	const login = await fetch(`${baseUrl}/rest/login`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ emailOrLdapLoginId: OWNER.email, password: OWNER.password }),
	});
	if (!login.ok) throw new Error(`Login failed: ${login.status} ${await login.text()}`);
	const cookie = (login.headers.getSetCookie?.() ?? [login.headers.get('set-cookie') ?? ''])
		.map((c) => c.split(';')[0])
		.join('; ');
	const keyRes = await fetch(`${baseUrl}/rest/api-keys`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', cookie },
		body: JSON.stringify({
			label: `harness-${Date.now()}`,
			expiresAt: null,
			scopes: differencesFor(n8nVersion).apiKeyScopes,
		}),
	});
	const body = (await keyRes.json()) as { data?: { rawApiKey?: string } };
	if (!body.data?.rawApiKey) throw new Error(`API key creation failed: ${JSON.stringify(body)}`);
	return body.data.rawApiKey;
}

/** Whether n8n's public API accepts an API key (n8n may still be starting: retried for a while). */
async function apiKeyWorks(baseUrl: string, apiKey: string): Promise<boolean> {
	for (let attempt = 0; attempt < 60; attempt++) {
		const res = await fetch(`${baseUrl}/api/v1/workflows?limit=1`, { headers: { 'X-N8N-API-KEY': apiKey } }).catch(() => undefined);
		if (res?.ok) return true;
		if (res?.status === 401 || res?.status === 403) return false;
		await sleepMs(500);
	}
	return false;
}

/** Regular mode on SQLite: one `n8n start` process. */
export async function startN8n(options: StartOptions): Promise<N8nInstance> {
	const userFolder = options.userFolder ?? mkdtempSync(join(tmpdir(), 'n8n-e2e-'));
	installCommunityPackage(userFolder, options.tarball);
	const port = options.port ?? (await freePort());
	const encryptionKey = options.encryptionKey ?? randomBytes(24).toString('hex');
	const logFile = join(userFolder, 'n8n.log');
	const env = {
		...baseEnv(options.runtime, userFolder),
		N8N_PORT: String(port),
		N8N_RUNNERS_BROKER_PORT: String(await freePort()),
		WEBHOOK_URL: `http://127.0.0.1:${port}/`,
		N8N_ENCRYPTION_KEY: encryptionKey,
		...options.env,
	};
	log(`starting n8n on port ${port} (user folder ${userFolder}, log ${logFile})`);
	const child = spawnN8n(options.runtime, ['start'], env, logFile);
	const baseUrl = `http://127.0.0.1:${port}`;
	const instance: N8nInstance = {
		baseUrl,
		port,
		userFolder,
		logFile,
		apiKey: '',
		processes: [child],
		webhookUrl: baseUrl,
		encryptionKey,
		n8nVersion: options.runtime.version,
	};
	try {
		await waitForRestApi(baseUrl, child);
		instance.apiKey =
			options.apiKey && (await apiKeyWorks(baseUrl, options.apiKey)) ? options.apiKey : await setUpOwnerAndApiKey(baseUrl, options.runtime.version);
	} catch (error) {
		await stopN8n(instance, { keepFolder: true });
		throw new Error(`${(error as Error).message}\n--- n8n log tail ---\n${tail(logFile)}`);
	}
	log(`n8n is up at ${baseUrl}`);
	return instance;
}

export function tail(file: string, lines = 40): string {
	try {
		return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
	} catch {
		return '(no log)';
	}
}

async function stopProcess(child: ChildProcess) {
	if (child.exitCode !== null || child.pid === undefined) return;
	const exited = new Promise((r) => child.once('exit', r));
	try {
		process.kill(-child.pid, 'SIGTERM');
	} catch {
		return;
	}
	const timeout = sleepMs(15_000).then(() => 'timeout');
	if ((await Promise.race([exited, timeout])) === 'timeout') {
		try {
			process.kill(-child.pid, 'SIGKILL');
		} catch {
			// already gone
		}
	}
}

export async function stopN8n(instance: N8nInstance, options: { keepFolder?: boolean } = {}) {
	await Promise.all(instance.processes.map(stopProcess));
	if (!options.keepFolder && !process.env.KEEP_N8N_FOLDER) rmSync(instance.userFolder, { recursive: true, force: true });
}
