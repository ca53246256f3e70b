/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-dangerous-functions -- not shipped: n8n's rules for node code */
/**
 * README command 1 (`npm run start:n8n`) keeps the user's work: the n8n user folder survives a stop and a start,
 * the examples and credentials are created once and then updated (an example edited in the editor is left alone),
 * never duplicated; `--fresh` starts over.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { N8nApi, type WorkflowJson } from '../harness/api';
import { REPO_DIR, freePort } from '../harness/n8n';
import { readE2eState } from '../harness/state';

interface Started {
	child: ChildProcess;
	output: string;
	baseUrl: string;
	api: N8nApi;
}

const localDir = mkdtempSync(join(tmpdir(), 'start-script-test-'));
/** Every script started, so a failing test still stops them (a left-over n8n would hold the e2e lock). */
const running = new Set<ChildProcess>();

async function startScript(args: string[] = []): Promise<Started> {
	const port = await freePort();
	const child = spawn('npx', ['tsx', 'scripts/start-n8n.ts', ...args], {
		cwd: REPO_DIR,
		env: { ...process.env, N8N_LOCAL_DIR: localDir, N8N_PORT: String(port), CRM_PORT: String(await freePort()) },
		stdio: ['ignore', 'pipe', 'pipe'],
		detached: true,
	});
	running.add(child);
	child.once('exit', () => running.delete(child));
	let output = '';
	child.stdout?.on('data', (chunk) => (output += String(chunk)));
	child.stderr?.on('data', (chunk) => (output += String(chunk)));
	const started = Date.now();
	await new Promise<void>((resolve, reject) => {
		const timer = setInterval(() => {
			if (Date.now() - started > 5 * 60_000) {
				clearInterval(timer);
				process.kill(-(child.pid as number), 'SIGKILL');
				reject(new Error(`start:n8n did not finish starting within 5 minutes:\n${output}`));
			} else if (output.includes('Stop with Ctrl+C')) {
				clearInterval(timer);
				resolve();
			} else if (child.exitCode !== null) {
				clearInterval(timer);
				reject(new Error(`start:n8n exited (${child.exitCode}):\n${output}`));
			}
		}, 250);
	});
	const state = JSON.parse(readFileSync(join(localDir, 'state.json'), 'utf8')) as { apiKey: string };
	const baseUrl = `http://127.0.0.1:${port}`;
	return { child, output, baseUrl, api: new N8nApi({ baseUrl, webhookUrl: baseUrl, apiKey: state.apiKey, n8nVersion: readE2eState().n8nVersion }) };
}

/** Ctrl+C, as a user stops it (the script stops its n8n); SIGKILL if it has not exited after 30 s. */
async function stopScript(child: ChildProcess): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) return;
	const exited = new Promise((resolve) => child.once('exit', resolve));
	process.kill(-(child.pid as number), 'SIGINT');
	const timeout = new Promise((resolve) => setTimeout(() => resolve('timeout'), 30_000).unref());
	if ((await Promise.race([exited, timeout])) === 'timeout') process.kill(-(child.pid as number), 'SIGKILL');
}

/** Kills any n8n still running on a user folder under `folder` (n8n runs in its own process group). */
function killN8nUsing(folder: string): void {
	for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
		try {
			if (readFileSync(`/proc/${pid}/environ`, 'utf8').includes(`N8N_USER_FOLDER=${folder}`)) process.kill(Number(pid), 'SIGKILL');
		} catch {
			// gone, or not ours to read
		}
	}
}

async function workflowNames(api: N8nApi): Promise<string[]> {
	const page = await api.request<{ data: Array<{ name: string }> }>('GET', '/workflows?limit=250');
	return page.data.map((workflow) => workflow.name).sort();
}

const EXAMPLE_COUNT = 7;

describe('npm run start:n8n', () => {
	afterAll(async () => {
		for (const child of running) await stopScript(child).catch(() => undefined);
		killN8nUsing(localDir);
		rmSync(localDir, { recursive: true, force: true });
	}, 60_000);

	test('keeps workflows and credentials between runs, updates untouched examples, --fresh starts over', async () => {
		const first = await startScript();
		expect(first.output).toMatch(/m8com-lookup-http-crm\.json: created/);
		const names = await workflowNames(first.api);
		expect(names).toHaveLength(EXAMPLE_COUNT);
		// The user's own work: a new workflow, and an edit to one example.
		const mine: WorkflowJson = { name: 'My own flow', nodes: [], connections: {}, settings: { executionOrder: 'v1' } };
		await first.api.createWorkflow(mine);
		const examples = await first.api.request<{ data: Array<{ id: string; name: string; nodes: unknown[]; connections: unknown; settings: unknown }> }>(
			'GET',
			'/workflows?limit=250',
		);
		const edited = examples.data.find((workflow) => workflow.name.startsWith('AutoID')) as (typeof examples.data)[number];
		const lookupName = (JSON.parse(readFileSync(join(REPO_DIR, 'examples', 'm8com-lookup-http-crm.json'), 'utf8')) as { name: string }).name;
		const lookupExample = examples.data.find((workflow) => workflow.name === lookupName) as (typeof examples.data)[number];
		const lookupPath = await first.api.triggerPath(lookupExample.id);
		await first.api.request('PUT', `/workflows/${edited.id}`, {
			name: `${edited.name} (edited)`,
			nodes: edited.nodes,
			connections: edited.connections,
			settings: { executionOrder: 'v1' },
		});
		await stopScript(first.child);

		const second = await startScript();
		expect(second.output).toMatch(/: kept \(edited in the editor\)/);
		expect(second.output).toMatch(/: updated from examples\//);
		const after = await workflowNames(second.api);
		expect(after).toHaveLength(EXAMPLE_COUNT + 1);
		expect(after).toContain('My own flow');
		expect(after).toContain(`${edited.name} (edited)`);
		const credentials = await second.api.request<{ data: unknown[] }>('GET', '/credentials?limit=250');
		expect(credentials.data).toHaveLength(5);
		// The lookup example answers with the kept credential (decrypted with the kept encryption key).
		// At the same per-copy URL as before the restart (the script keeps the webhook ID n8n gave the trigger), and
		// the script prints it.
		expect(await second.api.triggerPath(lookupExample.id)).toBe(lookupPath);
		expect(second.output).toContain(`/webhook/${lookupPath}?fromNumber=`);
		const lookup = await fetch(`${second.baseUrl}/webhook/${lookupPath}?fromNumber=%2B46701234567`, {
			headers: { authorization: 'Bearer change-me-m8com-secret' },
		});
		expect(lookup.status).toBe(200);
		await stopScript(second.child);

		const fresh = await startScript(['--fresh']);
		expect(await workflowNames(fresh.api)).toHaveLength(EXAMPLE_COUNT);
		await stopScript(fresh.child);
	}, 600_000);
});
