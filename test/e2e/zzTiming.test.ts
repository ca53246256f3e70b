import { readFileSync } from 'node:fs';
import { N8nApi, type WorkflowJson } from '../harness/api';
import { loadExample } from '../harness/examples';
import { readE2eState } from '../harness/state';
import { startStandInCrm } from '../../examples/standInCrm';
import { lookup } from '../support/lookup';

const state = readE2eState();
const api = new N8nApi(state);
const credential = state.credentials.m8ComWebhookApi;
const hook = (path: string) => `${state.webhookUrl}/webhook/${path}`;

test('timing old vs new example', async () => {
	const crm = await startStandInCrm();
	const at = (wf: WorkflowJson, path: string, name: string) => {
		const copy = JSON.parse(JSON.stringify(wf)) as WorkflowJson;
		copy.name = name;
		for (const n of copy.nodes) if ((n.parameters as { path?: string }).path) { (n.parameters as { path: string }).path = path; n.webhookId = crypto.randomUUID(); }
		return copy;
	};
	const bindings = { crmBaseUrl: crm.baseUrl, credentials: { m8ComWebhookApi: credential } };
	const oldWf = JSON.parse(readFileSync('/tmp/old-example.json', 'utf8').split('http://127.0.0.1:5680').join(crm.baseUrl)) as WorkflowJson;
	for (const n of oldWf.nodes) if (n.credentials) n.credentials = { m8ComWebhookApi: credential };
	await api.createActiveWorkflow(at(oldWf, 'timing/old', 'old'));
	await api.createActiveWorkflow(at(loadExample('m8com-lookup-http-crm.json', bindings), 'timing/new', 'new'));
	const results: Record<string, number[]> = {};
	for (const number of ['+46701234567', '+46700000011']) {
		for (const v of ['old', 'new']) await lookup(hook(`timing/${v}`), { fromNumber: number });
		for (let round = 0; round < 25; round++) {
			for (const v of ['old', 'new']) {
				const res = await lookup(hook(`timing/${v}`), { fromNumber: number });
				expect(res.status).toBe(200);
				(results[`${v} ${number}`] ??= []).push(res.elapsedMs);
			}
		}
	}
	const p = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.floor(q * (xs.length - 1))];
	for (const [k, xs] of Object.entries(results)) console.log(k, 'p50', p(xs, 0.5), 'p90', p(xs, 0.9), 'max', Math.max(...xs));
	crm.server.closeAllConnections();
	crm.server.close();
}, 300_000);
