/**
 * The lookup answer in queue mode: the trigger runs in the `n8n webhook` process, the workflow on a worker, and
 * the respond node's answer (body and status code) is relayed through Redis unchanged. The deadline guard still
 * answers in time when the worker is slow, and at once when the workflow fails.
 */
import { N8nApi } from '../harness/api';
import { loadExample } from '../harness/examples';
import { ensureRuntime, packPackage } from '../harness/n8n';
import { startN8nQueue, stopN8nQueue, type QueueInstance } from '../harness/queueMode';
import { M8COM_SECRET } from '../harness/state';
import { CRM_INSIGHTS, startStandInCrm } from '../../examples/standInCrm';
import { jsonLookupWorkflow, lookup } from '../support/lookup';

const M8COM_TIMEOUT_MS = 3000;
let instance: QueueInstance;
let crm: Awaited<ReturnType<typeof startStandInCrm>>;
const hook = (path: string) => `${instance.webhookUrl}/webhook/${path}`;

beforeAll(async () => {
	instance = await startN8nQueue({ runtime: ensureRuntime(), tarball: packPackage() });
	crm = await startStandInCrm();
	const api = new N8nApi(instance);
	const credential = await api.createCredential('M8Com (queue)', 'm8ComWebhookApi', { secret: M8COM_SECRET });
	await api.createActiveWorkflow(loadExample('m8com-lookup-http-crm.json', { crmBaseUrl: crm.baseUrl, credentials: { m8ComWebhookApi: credential } }));
	const json = (name: string, extra: Partial<Parameters<typeof jsonLookupWorkflow>[0]> = {}) =>
		jsonLookupWorkflow({ name, path: `queue/${name}`, crmUrl: `${crm.baseUrl}/customers/acme/insights`, credential, ...extra });
	await api.createActiveWorkflow(json('json'));
	await api.createActiveWorkflow(json('fail', { onInvalidData: 'fail' }));
}, 400_000);

afterAll(async () => {
	crm?.server.closeAllConnections();
	crm?.server.close();
	if (instance) await stopN8nQueue(instance);
});

describe('M8Com lookup in queue mode (main + webhook process + worker, Postgres and Redis)', () => {
	test('the Insights answer shaped on the worker reaches M8Com unchanged', async () => {
		const res = await lookup(hook('m8com/lookup'), { fromNumber: '+46701234567' });
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
		expect((res.json as { displayName: string; activities: unknown[] }).displayName).toBe('Maria Andersson');
		expect((res.json as { activities: unknown[] }).activities).toHaveLength(4);
		const passThrough = await lookup(hook('queue/json'), { fromNumber: '+46701234567' });
		expect(passThrough.status).toBe(200);
		expect(passThrough.json).toEqual(CRM_INSIGHTS['+46701234567']);
	});

	test('the no-match answer keeps its 404 status through the relay', async () => {
		const res = await lookup(hook('m8com/lookup'), { fromNumber: '+46709999999' });
		expect(res.status).toBe(404);
		expect(res.json).toEqual({});
	});

	test('a slow worker (CRM step 10 s): the fallback still reaches M8Com within 3 s', async () => {
		const res = await lookup(hook('queue/json'), { fromNumber: '+46700000010' });
		expect(res.status).toBe(404);
		expect(res.json).toEqual({});
		expect(res.elapsedMs).toBeLessThan(M8COM_TIMEOUT_MS);
	});

	test('a failing workflow gets the fallback (n8n ends the response without an answer)', async () => {
		const res = await lookup(hook('queue/fail'), { fromNumber: '+46700000099' });
		expect(res.status).toBe(404);
		expect(res.json).toEqual({});
		expect(res.elapsedMs).toBeLessThan(M8COM_TIMEOUT_MS);
	});

	test('authentication is checked in the webhook process: 401 and 403', async () => {
		expect((await lookup(hook('m8com/lookup'), { fromNumber: '+46701234567' }, null)).status).toBe(401);
		expect((await lookup(hook('m8com/lookup'), { fromNumber: '+46701234567' }, 'Bearer wrong')).status).toBe(403);
	});
});
