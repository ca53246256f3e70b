/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, no-console -- not shipped: n8n's rules for node code */
/**
 * README command 1: n8n (SQLite) with the packed package installed as a community package, an owner, the vendor
 * credentials and every example workflow (active), and the stand-in CRM they call. Prints where to go.
 *
 * The n8n user folder is kept in `.n8n-local/n8n` (git-ignored) between runs, so what you build or edit in the
 * editor is still there next time: examples and credentials are created once and later only updated (an example
 * you changed in the editor is left as you left it). `npm run start:n8n -- --fresh` deletes the folder first.
 * Stop with Ctrl+C. Environment: N8N_PORT (default 5678), CRM_PORT (default 5680), M8COM_SECRET,
 * M8COM_RECORDING_SECRET, WILDIX_SECRET, AUTOID_TOKEN, CTM_WEBHOOK_TOKEN, N8N_LOCAL_DIR (default .n8n-local).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { fillPath, N8nApi, type WorkflowJson } from '../test/harness/api';
import { EXAMPLE_CRM_BASE_URL, loadExample } from '../test/harness/examples';
import { OWNER, REPO_DIR, ensureRuntime, freePort, packPackage, startN8n, stopN8n, type N8nInstance } from '../test/harness/n8n';
import { startStandInCrm } from '../examples/standInCrm';

/** Where the kept n8n lives (N8N_LOCAL_DIR moves it, e.g. for the test of this script). */
export const LOCAL_DIR = process.env.N8N_LOCAL_DIR ?? join(REPO_DIR, '.n8n-local');
export const USER_FOLDER = join(LOCAL_DIR, 'n8n');
const STATE_FILE = join(LOCAL_DIR, 'state.json');

/** What a kept user folder needs next time: its encryption key, an API key, and what this script created in it. */
interface LocalState {
	encryptionKey?: string;
	apiKey?: string;
	credentials: Record<string, string>;
	/** Per example file: the workflow's id and a fingerprint of what this script last wrote (to spot edits in the editor). */
	workflows: Record<string, { id: string; fingerprint: string }>;
}

interface CredentialSpec {
	name: string;
	type: string;
	data: Record<string, unknown>;
	examples: string[];
}

const env = (name: string, fallback: string) => process.env[name] ?? fallback;

export const SECRETS = {
	m8com: env('M8COM_SECRET', 'change-me-m8com-secret'),
	recording: env('M8COM_RECORDING_SECRET', 'change-me-m8com-recording-secret'),
	wildix: env('WILDIX_SECRET', 'change-me-wildix-secret'),
	autoId: env('AUTOID_TOKEN', 'change-me-autoid-token'),
	ctm: env('CTM_WEBHOOK_TOKEN', 'change-me-ctm-token'),
};

/** Each credential and the example workflows that use it. */
const CREDENTIALS: CredentialSpec[] = [
	{
		name: 'M8Com Webhook account',
		type: 'm8ComWebhookApi',
		data: { secret: SECRETS.m8com },
		examples: ['m8com-lookup-http-crm.json', 'm8com-lookup-multi-customer.json', 'm8com-call-log-crm-activity.json'],
	},
	{
		name: 'M8Com Recording account',
		type: 'm8ComWebhookApi',
		data: { secret: SECRETS.recording },
		examples: ['m8com-recording-store.json'],
	},
	{
		name: 'Wildix Webhook account',
		type: 'wildixWebhookApi',
		data: { secret: SECRETS.wildix },
		examples: ['wildix-call-end-crm-activity.json'],
	},
	{
		name: 'AutoID Webhook account',
		type: 'autoIdWebhookApi',
		data: { authentication: 'headerAuth', headers: { values: [{ name: 'X-AutoID-Token', value: SECRETS.autoId }] } },
		examples: ['autoid-call-end-crm-lead.json'],
	},
	{
		name: 'CallTrackingMetrics account',
		type: 'callTrackingMetricsApi',
		data: {
			accessKey: 'demo-access-key',
			secretKey: 'demo-secret-key',
			apiBaseUrl: 'https://api.calltrackingmetrics.com',
			headerName: 'X-Webhook-Token',
			headerSecret: SECRETS.ctm,
		},
		examples: ['ctm-call-end-crm-activity.json'],
	},
];

function readState(): LocalState {
	if (!existsSync(STATE_FILE)) return { credentials: {}, workflows: {} };
	return { credentials: {}, workflows: {}, ...(JSON.parse(readFileSync(STATE_FILE, 'utf8')) as Partial<LocalState>) };
}

function writeState(state: LocalState): void {
	mkdirSync(LOCAL_DIR, { recursive: true });
	writeFileSync(STATE_FILE, JSON.stringify(state, null, 2), { mode: 0o600 });
}

async function portOrFree(wanted: number): Promise<number> {
	const probe = await fetch(`http://127.0.0.1:${wanted}/`).then(
		() => true,
		() => false,
	);
	return probe ? await freePort() : wanted;
}

/** The credential this script made earlier (if the user has not deleted it), else a new one. */
async function ensureCredential(api: N8nApi, state: LocalState, spec: CredentialSpec): Promise<{ id: string; name: string }> {
	const known = state.credentials[spec.name];
	if (known) {
		const existing = await api.request<{ id: string; name: string }>('GET', `/credentials/${known}`).catch(() => undefined);
		if (existing) return { id: existing.id, name: existing.name };
	}
	const created = await api.createCredential(spec.name, spec.type, spec.data);
	state.credentials[spec.name] = created.id;
	return created;
}

interface StoredWorkflow {
	id: string;
	name: string;
	nodes: unknown[];
	connections: unknown;
	active: boolean;
}

/** JSON with sorted keys, so the same workflow always gives the same text. */
function stableJson(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
	if (value !== null && typeof value === 'object') {
		const entries = Object.keys(value as object)
			.sort()
			.map((key) => `${JSON.stringify(key)}:${stableJson((value as Record<string, unknown>)[key])}`);
		return `{${entries.join(',')}}`;
	}
	return JSON.stringify(value) ?? 'null';
}

/** What the editor can change about a workflow, as n8n stores it (n8n 2.41's versionId does not move on every save). */
const fingerprint = (workflow: StoredWorkflow): string =>
	createHash('sha256').update(stableJson({ name: workflow.name, nodes: workflow.nodes, connections: workflow.connections })).digest('hex');

/**
 * Creates the example workflow once; later runs bring it up to date with examples/ unless it was edited in the
 * editor since (it no longer matches what this script wrote), in which case the user's version stays.
 */
async function ensureExample(api: N8nApi, state: LocalState, file: string, workflow: WorkflowJson): Promise<string> {
	const known = state.workflows[file];
	const existing = known ? await api.request<StoredWorkflow>('GET', `/workflows/${known.id}`).catch(() => undefined) : undefined;
	if (!existing) {
		// With the example's pinned sample data: in the editor, Execute workflow then runs the whole flow at once.
		const id = await api.createActiveWorkflow(workflow, undefined, { withPinData: true });
		const created = await api.request<StoredWorkflow>('GET', `/workflows/${id}`);
		state.workflows[file] = { id, fingerprint: fingerprint(created) };
		return 'created';
	}
	if (fingerprint(existing) !== known?.fingerprint) {
		if (!existing.active) await api.activate(existing.id).catch(() => undefined);
		return 'kept (edited in the editor)';
	}
	if (existing.active) await api.deactivate(existing.id);
	await api.request('PUT', `/workflows/${existing.id}`, {
		name: workflow.name,
		nodes: keepWebhookIds(workflow.nodes, existing.nodes as WorkflowJson['nodes']),
		connections: workflow.connections,
		settings: workflow.settings ?? { executionOrder: 'v1' },
		...(workflow.pinData ? { pinData: workflow.pinData } : {}),
	});
	await api.activate(existing.id);
	const updated = await api.request<StoredWorkflow>('GET', `/workflows/${existing.id}`);
	state.workflows[file] = { id: existing.id, fingerprint: fingerprint(updated) };
	return 'updated from examples/';
}

/**
 * The example's nodes with the webhook IDs n8n gave them when this script created the workflow: examples ship
 * without one (so every import gets its own URL), and n8n would give an updated node without one a new ID
 * (2.41 `workflow.service.js` `update` → `resolveNodeWebhookIds`), moving its per-copy URL on every start.
 */
function keepWebhookIds(nodes: WorkflowJson['nodes'], stored: WorkflowJson['nodes']): WorkflowJson['nodes'] {
	return nodes.map((node) => {
		const before = stored.find((candidate) => candidate.name === node.name);
		return node.webhookId === undefined && before?.webhookId !== undefined ? { ...node, webhookId: before.webhookId } : node;
	});
}

/** Each example's trigger URL path (after /webhook/), as the stored workflow serves it. */
async function exampleUrls(api: N8nApi, state: LocalState): Promise<Record<string, string>> {
	const urls: Record<string, string> = {};
	for (const [file, { id }] of Object.entries(state.workflows)) {
		const path = await api.triggerPath(id).catch(() => undefined);
		if (path) urls[file] = path;
	}
	return urls;
}

async function setUpExamples(instance: N8nInstance, state: LocalState, crmBaseUrl: string): Promise<string[]> {
	const api = new N8nApi(instance);
	const lines: string[] = [];
	for (const spec of CREDENTIALS) {
		const credential = await ensureCredential(api, state, spec);
		for (const file of spec.examples) {
			const workflow = loadExample(file, { crmBaseUrl, credentials: { [spec.type]: credential } });
			lines.push(`  ${file}: ${await ensureExample(api, state, file, workflow)}`);
			writeState(state);
		}
	}
	return lines;
}

async function main() {
	const fresh = process.argv.includes('--fresh');
	if (fresh) rmSync(LOCAL_DIR, { recursive: true, force: true });
	const state = readState();
	const runtime = ensureRuntime();
	const tarball = packPackage();
	const crmPort = await portOrFree(Number(process.env.CRM_PORT ?? new URL(EXAMPLE_CRM_BASE_URL).port));
	const crm = await startStandInCrm(crmPort);
	mkdirSync(USER_FOLDER, { recursive: true });
	const instance = await startN8n({
		runtime,
		tarball,
		port: await portOrFree(Number(process.env.N8N_PORT ?? 5678)),
		userFolder: USER_FOLDER,
		encryptionKey: state.encryptionKey,
		apiKey: state.apiKey,
		env: { EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all' },
	});
	state.encryptionKey = instance.encryptionKey;
	state.apiKey = instance.apiKey;
	writeState(state);
	const stop = async () => {
		await stopN8n(instance, { keepFolder: true });
		crm.server.close();
		process.exit(0);
	};
	process.on('SIGINT', () => void stop());
	process.on('SIGTERM', () => void stop());

	const examples = await setUpExamples(instance, state, crm.baseUrl);
	const urls = await exampleUrls(new N8nApi(instance), state);
	const hook = `${instance.webhookUrl}/webhook`;
	const at = (file: string, values: Record<string, string> = {}) => `${hook}/${fillPath(urls[file] ?? '(not created)', values)}`;
	console.log(`
n8n is running with n8n-nodes-telephony-webhooks installed.

  Editor:       ${instance.baseUrl}
  Login:        ${OWNER.email} / ${OWNER.password}
  M8Com secret: ${SECRETS.m8com}   (credential "M8Com Webhook account")
  Recording secret: ${SECRETS.recording}   (credential "M8Com Recording account")
  Wildix secret: ${SECRETS.wildix}   (credential "Wildix Webhook account")
  AutoID header: X-AutoID-Token: ${SECRETS.autoId}   (credential "AutoID Webhook account")
  CTM header:    X-Webhook-Token: ${SECRETS.ctm}   (credential "CallTrackingMetrics account")
  Stand-in CRM: ${crm.baseUrl}

Example workflows (active):
${examples.join('\n')}

Their webhook URLs (each workflow copy has its own: the trigger's webhook ID comes first):
  M8Com lookup → CRM:             GET ${at('m8com-lookup-http-crm.json')}?fromNumber=%2B46701234567
  M8Com lookup, several customers: GET ${at('m8com-lookup-multi-customer.json', { customerId: 'acme' })}?fromNumber=%2B46701234567
                                   GET ${at('m8com-lookup-multi-customer.json', { customerId: 'globex' })}?fromNumber=%2B46701234567
  M8Com call log → CRM activity:  POST ${at('m8com-call-log-crm-activity.json')}
  M8Com recording → CRM:          POST ${at('m8com-recording-store.json')}
  Wildix call end → CRM activity:  POST ${at('wildix-call-end-crm-activity.json')}   (x-signature: hex HMAC-SHA256(secret, body))
  AutoID call end → CRM lead:      POST ${at('autoid-call-end-crm-lead.json')}
  CTM call ended → CRM activity:   POST ${at('ctm-call-end-crm-activity.json')}?trigger=end

Try:  curl -H 'Authorization: Bearer ${SECRETS.m8com}' '${at('m8com-lookup-http-crm.json')}?fromNumber=%2B46701234567'

Your workflows, credentials and executions are kept in ${USER_FOLDER} (git-ignored) for the next run.
Stop with Ctrl+C; start over with: npm run start:n8n -- --fresh`);
}

if (require.main === module) {
	main().catch((error) => {
		console.error(error);
		process.exit(1);
	});
}
