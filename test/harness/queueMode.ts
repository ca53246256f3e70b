/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/require-node-api-error -- not shipped: n8n's rules for node code */
/**
 * n8n in queue mode: its own Postgres database, Redis (with a prefix of its own), a main process, one
 * `n8n webhook` process serving the production webhooks and one worker, all sharing the user folder (and so
 * the installed community package) and the encryption key. N8N-RUNTIME.md lists the facts this relies on.
 */
import { execFileSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
	baseEnv,
	freePort,
	installCommunityPackage,
	setUpOwnerAndApiKey,
	sleepMs,
	spawnN8n,
	stopN8n,
	tail,
	waitForRestApi,
	type N8nInstance,
	type Runtime,
} from './n8n';

export type QueueRole = 'webhook' | 'worker';

export interface QueueInstance extends N8nInstance {
	database: string;
	/** How to start each role again (same environment and log file), for the fault tests. */
	roles: Record<QueueRole, { spawn: () => ChildProcess; healthUrl: string }>;
}

const PG = ['-h', process.env.PGHOST ?? '127.0.0.1', '-p', process.env.PGPORT ?? '5432', '-U', process.env.PGUSER ?? 'postgres'];

async function waitForHttp(url: string, timeoutMs: number) {
	const started = Date.now();
	while (Date.now() - started < timeoutMs) {
		try {
			if ((await fetch(url)).ok) return;
		} catch {
			// not yet
		}
		await sleepMs(500);
	}
	throw new Error(`Timed out waiting for ${url}`);
}

export async function startN8nQueue(options: { runtime: Runtime; tarball: string; env?: Record<string, string> }): Promise<QueueInstance> {
	const userFolder = mkdtempSync(join(tmpdir(), 'n8n-queue-'));
	installCommunityPackage(userFolder, options.tarball);
	const database = `n8n_e2e_${randomBytes(4).toString('hex')}`;
	execFileSync('createdb', [...PG, database]);
	const [mainPort, webhookPort, workerHealthPort] = [await freePort(), await freePort(), await freePort()];
	const shared = {
		...baseEnv(options.runtime, userFolder),
		N8N_ENCRYPTION_KEY: randomBytes(24).toString('hex'),
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: process.env.REDIS_HOST ?? '127.0.0.1',
		QUEUE_BULL_REDIS_PORT: process.env.REDIS_PORT ?? '6379',
		QUEUE_BULL_PREFIX: `bull_${database}`,
		// n8n caches webhook lookups in Redis in queue mode; a prefix per instance keeps earlier runs' entries
		// (same paths, other workflow ids) from answering "conflict with one of the webhooks" on activation.
		N8N_CACHE_REDIS_KEY_PREFIX: `cache_${database}`,
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: PG[1],
		DB_POSTGRESDB_PORT: PG[3],
		DB_POSTGRESDB_USER: PG[5],
		DB_POSTGRESDB_PASSWORD: process.env.PGPASSWORD ?? '',
		DB_POSTGRESDB_DATABASE: database,
		N8N_BINARY_DATA_MODE: 'database',
		WEBHOOK_URL: `http://127.0.0.1:${webhookPort}/`,
		N8N_DISABLE_PRODUCTION_MAIN_PROCESS: 'true',
		OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
		...options.env,
	};
	const logFile = join(userFolder, 'n8n.log');
	const baseUrl = `http://127.0.0.1:${mainPort}`;
	const instance: QueueInstance = {
		baseUrl,
		port: mainPort,
		userFolder,
		logFile,
		apiKey: '',
		processes: [],
		webhookUrl: `http://127.0.0.1:${webhookPort}`,
		encryptionKey: shared.N8N_ENCRYPTION_KEY,
		n8nVersion: options.runtime.version,
		database,
		roles: {} as QueueInstance['roles'],
	};
	try {
		const main = spawnN8n(options.runtime, ['start'], { ...shared, N8N_PORT: String(mainPort), N8N_RUNNERS_BROKER_PORT: String(await freePort()) }, logFile);
		instance.processes.push(main);
		await waitForRestApi(baseUrl, main);
		instance.apiKey = await setUpOwnerAndApiKey(baseUrl, options.runtime.version);
		const webhookEnv = { ...shared, N8N_PORT: String(webhookPort), N8N_RUNNERS_BROKER_PORT: String(await freePort()) };
		const workerEnv = {
			...shared,
			QUEUE_HEALTH_CHECK_ACTIVE: 'true',
			QUEUE_HEALTH_CHECK_PORT: String(workerHealthPort),
			N8N_RUNNERS_BROKER_PORT: String(await freePort()),
		};
		instance.roles = {
			webhook: {
				spawn: () => spawnN8n(options.runtime, ['webhook'], webhookEnv, join(userFolder, 'webhook.log')),
				healthUrl: `${instance.webhookUrl}/healthz`,
			},
			worker: {
				spawn: () => spawnN8n(options.runtime, ['worker', '--concurrency=10'], workerEnv, join(userFolder, 'worker.log')),
				healthUrl: `http://127.0.0.1:${workerHealthPort}/healthz`,
			},
		};
		instance.processes.push(instance.roles.webhook.spawn(), instance.roles.worker.spawn());
		await waitForHttp(`${instance.webhookUrl}/healthz`, 180_000);
		await waitForHttp(`http://127.0.0.1:${workerHealthPort}/healthz`, 180_000);
	} catch (error) {
		await stopN8nQueue(instance, { keepFolder: true });
		throw new Error(`${(error as Error).message}\n--- main log ---\n${tail(logFile)}\n--- webhook log ---\n${tail(join(userFolder, 'webhook.log'))}\n--- worker log ---\n${tail(join(userFolder, 'worker.log'))}`);
	}
	return instance;
}

/**
 * Kills one role's process (SIGKILL: a crash, nothing flushed) or stops it (SIGTERM: n8n's graceful
 * shutdown), waits `downMs`, starts it again and waits until it is healthy. Returns when it serves again.
 */
export async function restartRole(instance: QueueInstance, role: QueueRole, signal: 'SIGKILL' | 'SIGTERM', downMs = 0) {
	const index = instance.processes.findIndex((child) => child.spawnargs.includes(role === 'worker' ? 'worker' : 'webhook'));
	const child = instance.processes[index];
	if (child?.pid !== undefined && child.exitCode === null) {
		const exited = new Promise((r) => child.once('exit', r));
		process.kill(-child.pid, signal);
		await exited;
	}
	await sleepMs(downMs);
	const fresh = instance.roles[role].spawn();
	instance.processes.splice(index, 1, fresh);
	await waitForHttp(instance.roles[role].healthUrl, 180_000);
}

export async function stopN8nQueue(instance: QueueInstance, options: { keepFolder?: boolean } = {}) {
	await stopN8n(instance, options);
	try {
		execFileSync('dropdb', [...PG, '--if-exists', '--force', instance.database]);
	} catch {
		// the database may not have been created
	}
}
