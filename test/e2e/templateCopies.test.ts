/* eslint-disable @n8n/community-nodes/no-hardcoded-secrets -- not shipped: n8n's rules for node code */
/**
 * Copies never collide (issue 13 item 2, docs/development.md "Webhook URLs"): every example in examples/ is
 * imported twice into one real n8n 2.41, both copies are activated side by side, and each copy answers on its own
 * URL and runs in its own workflow. Then a copy made the way n8n's Duplicate makes it activates beside them too.
 *
 * How an import reaches n8n: the examples ship without a webhook ID; the editor's import keeps a file's nodes as
 * they are and gives a webhook node without one a fresh ID (2.41 editor-ui `useCanvasOperations.ts`
 * `resolveNodeData` → `resolveNodeWebhook` → n8n-workflow `resolveNodeWebhookId`; only the Form Trigger has its
 * ID replaced, `UPDATE_WEBHOOK_ID_NODE_TYPES`), and n8n's server does the same for a workflow created through the
 * REST or public API (`workflow-creation.service.js` → `WorkflowHelpers.resolveNodeWebhookIds`). So the files are
 * created here through the public API exactly as they are, and n8n assigns the IDs.
 */
import { randomUUID } from 'node:crypto';

import { fillPath, N8nApi, nodeOutput, type WorkflowJson } from '../harness/api';
import { loadExample } from '../harness/examples';
import { M8COM_SECRET, readE2eState } from '../harness/state';
import { startStandInCrm, type StandInCrm } from '../../examples/standInCrm';
import { CONTACT_CALLED_SUPPORT, SUPPORT_RECORDING } from '../fixtures/m8com';
import { autoIdPayload } from '../support/autoid';
import { executionWith } from '../support/executions';
import { lookup } from '../support/lookup';
import { selfHostedFiles, startRecordingFileServer, type RecordingFileServer } from '../support/recordingFiles';
import { CTM_ACTIVITY } from '../support/standInCtmApi';
import { inboundCallEnd, sendWildixEvent } from '../support/wildix';

const state = readE2eState();
const api = new N8nApi(state);
const hook = (path: string) => `${state.webhookUrl}/webhook/${path}`;

const SECRETS = {
	recording: 'e2e-copies-recording-secret-3c1d',
	wildix: 'e2e-copies-wildix-secret-8a2f',
	autoIdToken: 'e2e-copies-autoid-token-6d0b',
	ctmHeader: { name: 'X-Webhook-Token', value: 'e2e-copies-ctm-token-2e9a' },
};

let crm: StandInCrm;
let files: RecordingFileServer;
const credentials: Record<string, { id: string; name: string }> = {};
const created: string[] = [];

/** What a copy needs to be told apart: its workflow and the path it serves. */
interface Copy {
	workflowId: string;
	path: string;
	webhookId: string;
}

/** Imports the example file as it is (n8n gives the trigger its webhook ID), activates it, and returns the copy. */
async function importCopy(workflow: WorkflowJson, copyName: string): Promise<Copy> {
	const copy = { ...structuredClone(workflow), name: `${workflow.name} (${copyName})` };
	const workflowId = await api.createActiveWorkflow(copy);
	created.push(workflowId);
	const stored = await api.workflow(workflowId);
	expect(stored.active).toBe(true);
	const trigger = stored.nodes.find((node) => String(node.type).startsWith('n8n-nodes-telephony-webhooks.') && node.webhookId);
	return { workflowId, path: await api.triggerPath(workflowId), webhookId: String(trigger?.webhookId) };
}

/**
 * A copy as n8n 2.41's Duplicate makes it (editor-ui `useWorkflowSaving.ts` `saveAsNewWorkflow` with
 * `resetWebhookUrls`, from `DuplicateWorkflowDialog`): every node with a webhook ID gets a new one, and a saved
 * `path` parameter that is not an expression is replaced with it; then the workflow is created as a new one.
 */
async function duplicate(workflowId: string, copyName: string): Promise<Copy> {
	const stored = await api.workflow(workflowId);
	const nodes = stored.nodes.map((node) => {
		if (!node.webhookId) return node;
		const webhookId = randomUUID();
		const parameters = { ...(node.parameters as Record<string, unknown>) };
		if ('path' in parameters && !String(parameters.path).startsWith('=')) parameters.path = webhookId;
		return { ...node, id: randomUUID(), webhookId, parameters };
	});
	return await importCopy(withOwnSegment({ name: stored.name, nodes, connections: stored.connections, settings: stored.settings }, segmentOf(copyName)), copyName);
}

/** One request per example as its vendor sends it, carrying `marker`; resolves to the HTTP status. */
type Send = (copy: Copy, marker: string) => Promise<number>;

const EXAMPLES: Array<{ file: string; credential: string; send: Send; marker: () => string }> = [
	{
		file: 'm8com-lookup-http-crm.json',
		credential: 'm8ComWebhookApi',
		marker: () => '+46701234567',
		send: async (copy, marker) => (await lookup(hook(copy.path), { fromNumber: marker, toNumber: `+468${Date.now() % 1e7}` })).status,
	},
	{
		file: 'm8com-lookup-multi-customer.json',
		credential: 'm8ComWebhookApi',
		marker: () => '+46701234567',
		send: async (copy, marker) =>
			(await lookup(hook(fillPath(copy.path, { customerId: 'globex' })), { fromNumber: marker, toNumber: `+468${Date.now() % 1e7}` })).status,
	},
	{
		file: 'm8com-call-log-crm-activity.json',
		credential: 'm8ComWebhookApi',
		marker: () => `+4670${String(Date.now()).slice(-7)}`,
		send: async (copy, marker) => (await post(copy.path, { ...CONTACT_CALLED_SUPPORT, fromNumber: marker }, { authorization: `Bearer ${M8COM_SECRET}` })).status,
	},
	{
		file: 'm8com-recording-store.json',
		credential: 'm8ComWebhookApi:recording',
		marker: () => String(Date.now()).slice(-9),
		send: async (copy, marker) =>
			(
				await post(
					copy.path,
					{ ...SUPPORT_RECORDING, id: Number(marker), fileUrls: [`${files.baseUrl}/rec/${marker}.mp3`] },
					{ authorization: `Bearer ${SECRETS.recording}` },
				)
			).status,
	},
	{
		file: 'wildix-call-end-crm-activity.json',
		credential: 'wildixWebhookApi',
		marker: () => `it_copies_${Date.now()}`,
		send: async (copy, marker) =>
			(await sendWildixEvent(hook(copy.path), { ...inboundCallEnd(), id: marker, time: Date.now() }, { secret: SECRETS.wildix })).status,
	},
	{
		file: 'autoid-call-end-crm-lead.json',
		credential: 'autoIdWebhookApi',
		marker: () => `e2e-copies-${Date.now()}`,
		send: async (copy, marker) => (await post(copy.path, autoIdPayload('call_end', { callid: marker }), { 'X-AutoID-Token': SECRETS.autoIdToken })).status,
	},
	{
		file: 'ctm-call-end-crm-activity.json',
		credential: 'callTrackingMetricsApi',
		marker: () => String(8_000_000 + (Date.now() % 1_000_000)),
		send: async (copy, marker) =>
			(
				await post(`${copy.path}?trigger=end`, { ...CTM_ACTIVITY, id: Number(marker) }, { [SECRETS.ctmHeader.name]: SECRETS.ctmHeader.value })
			).status,
	},
];

async function post(path: string, body: unknown, headers: Record<string, string>) {
	const res = await fetch(hook(path), { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
	await res.text();
	return res;
}

/**
 * The one per-copy field of a workflow whose path has a `:name` segment (the multi-customer example): n8n keys such a
 * path without the webhook ID (its webhook table's primary key is path + method, docs/development.md "Webhook
 * URLs"), so each copy gets its own first segment in front, as the example's note tells the user.
 */
function withOwnSegment(workflow: WorkflowJson, segment: string): WorkflowJson {
	const nodes = workflow.nodes.map((node) => {
		const parameters = node.parameters as Record<string, unknown>;
		const path = parameters.pathAfterId;
		if (typeof path !== 'string' || !path.includes('/:')) return node;
		return { ...node, parameters: { ...parameters, pathAfterId: `${segment}/${path}` } };
	});
	return { ...workflow, nodes };
}

const segmentOf = (copyName: string) => copyName.toLowerCase().replace(/[^a-z0-9]+/g, '-');

function bind(file: string, credential: string, copyName = 'copy'): WorkflowJson {
	const [type] = credential.split(':');
	const workflow = withOwnSegment(loadExample(file, { crmBaseUrl: crm.baseUrl, credentials: { [type]: credentials[credential] } }), segmentOf(copyName));
	// The stand-in file server is on 127.0.0.1: the opt-in for self-hosted file servers (as the recording e2e does).
	return file === 'm8com-recording-store.json' ? selfHostedFiles(workflow) : workflow;
}

beforeAll(async () => {
	crm = await startStandInCrm();
	files = await startRecordingFileServer();
	credentials.m8ComWebhookApi = state.credentials.m8ComWebhookApi;
	credentials['m8ComWebhookApi:recording'] = await api.createCredential('M8Com Recording (copies)', 'm8ComWebhookApi', { secret: SECRETS.recording });
	credentials.wildixWebhookApi = await api.createCredential('Wildix (copies)', 'wildixWebhookApi', { secret: SECRETS.wildix });
	credentials.autoIdWebhookApi = await api.createCredential('AutoID (copies)', 'autoIdWebhookApi', {
		authentication: 'headerAuth',
		headers: { values: [{ name: 'X-AutoID-Token', value: SECRETS.autoIdToken }] },
	});
	credentials.callTrackingMetricsApi = await api.createCredential('CTM (copies)', 'callTrackingMetricsApi', {
		accessKey: 'copies-access-key',
		secretKey: 'copies-secret-key',
		apiBaseUrl: 'http://127.0.0.1:9',
		signingSecret: 'copies-signing-secret',
		basicAuthUser: 'ctm',
		basicAuthPassword: 'copies-basic-password',
		headerName: SECRETS.ctmHeader.name,
		headerSecret: SECRETS.ctmHeader.value,
	});
}, 60_000);

afterAll(async () => {
	// Later suites import the same examples: they must not find these copies' workflows in the way.
	for (const id of created) await api.deactivate(id).catch(() => undefined);
	files?.close();
	crm?.server.closeAllConnections();
	crm?.server.close();
});

describe.each(EXAMPLES.map((example) => [example.file, example] as const))('%s imported twice', (file, example) => {
	const copies: Copy[] = [];

	beforeAll(async () => {
		copies.push(await importCopy(bind(file, example.credential, 'customer A'), 'customer A'));
		copies.push(await importCopy(bind(file, example.credential, 'customer B'), 'customer B'));
	}, 120_000);

	test('both copies are active, each under its own webhook ID', () => {
		expect(copies).toHaveLength(2);
		const [a, b] = copies;
		expect(a.webhookId).not.toBe(b.webhookId);
		expect(a.path).not.toBe(b.path);
		for (const copy of copies) expect(copy.path.startsWith(`${copy.webhookId}/`)).toBe(true);
	});

	test('each copy answers on its own URL and runs in its own workflow', async () => {
		for (const [index, copy] of copies.entries()) {
			const marker = `${example.marker()}${file.includes('lookup') ? '' : index}`;
			expect(await example.send(copy, marker)).toBe(200);
			const execution = await executionWith(api, copy.workflowId, marker);
			expect(execution.workflowId).toBe(copy.workflowId);
		}
	}, 120_000);

	test("a copy made as n8n's Duplicate makes it activates beside them, on its own URL", async () => {
		const third = await duplicate(copies[0].workflowId, 'duplicated');
		expect([copies[0].path, copies[1].path]).not.toContain(third.path);
		// The path after the ID is the original's (Duplicate leaves `pathAfterId` alone), but for its own first
		// segment where the path has a `:name` segment.
		if (!copies[0].path.includes('/:')) expect(third.path.slice(third.webhookId.length)).toBe(copies[0].path.slice(copies[0].webhookId.length));
		const marker = `${example.marker()}${file.includes('lookup') ? '' : 9}`;
		expect(await example.send(third, marker)).toBe(200);
		await executionWith(api, third.workflowId, marker);
	}, 120_000);
});

describe('one URL per customer survives copying', () => {
	test('each copy of the multi-customer example emits the customer id from its own URL', async () => {
		const [a, b] = [
			await importCopy(bind('m8com-lookup-multi-customer.json', 'm8ComWebhookApi', 'agency A'), 'agency A'),
			await importCopy(bind('m8com-lookup-multi-customer.json', 'm8ComWebhookApi', 'agency B'), 'agency B'),
		];
		const third = await duplicate(a.workflowId, 'agency A duplicated');
		for (const [copy, customerId] of [
			[a, 'acme'],
			[b, 'globex'],
			[third, 'acme'],
		] as const) {
			const toNumber = `+468${String(Date.now()).slice(-7)}`;
			const res = await lookup(hook(fillPath(copy.path, { customerId })), { fromNumber: '+46701234567', toNumber });
			expect(res.status).toBe(200);
			const execution = await executionWith(api, copy.workflowId, toNumber);
			expect(nodeOutput(execution, 'M8Com Lookup Trigger')).toMatchObject({ customerId });
		}
	}, 120_000);
});
