/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-hardcoded-secrets -- not shipped: n8n's rules for node code */
/**
 * Queue mode, end to end: a main process, one `n8n webhook` process taking the production webhooks and one
 * worker, sharing Redis and a Postgres database of their own (binary data in the database). The same
 * happy paths as in regular mode for every trigger; then load (1,000 call logs at concurrency 20 with lookups
 * alongside); then faults: the worker and the webhook process restarted while call logs are being sent.
 */
import { N8nApi, type Execution, type WorkflowJson } from '../harness/api';
import { loadExample, withExactPath } from '../harness/examples';
import { ensureRuntime, packPackage } from '../harness/n8n';
import { restartRole, startN8nQueue, stopN8nQueue, type QueueInstance } from '../harness/queueMode';
import { M8COM_SECRET } from '../harness/state';
import { CRM_INSIGHTS, startStandInCrm, type StandInCrm } from '../../examples/standInCrm';
import { CONTACT_CALLED_SUPPORT, SUPPORT_RECORDING } from '../fixtures/m8com';
import { BUSY_LOOKUP_SETTINGS, lookupFigures, lookupsUntil, marker, runCallLogLoad, type CallLogLoadFigures } from '../support/callLogLoad';
import { executionsWith, nodeItem } from '../support/executions';
import { jsonLookupWorkflow, lookup } from '../support/lookup';
import { STATUS_HEADER } from '../../lib/n8nRespondSeam';
import { recordingBytes, selfHostedFiles, startRecordingFileServer, type RecordingFileServer } from '../support/recordingFiles';
import { recordFigures } from '../support/report';
import { PROFILE_CREDENTIALS, TRIGGER_TARGETS, sendValidRequest } from '../support/triggerProfiles';

const M8COM_TIMEOUT_MS = 3000;
const RECORDING_SECRET = 'e2e-queue-recording-secret-6d2a';
let instance: QueueInstance;
let api: N8nApi;
let crm: StandInCrm;
let files: RecordingFileServer;
const workflows: Record<string, string> = {};
/** The path (after /webhook/) each example workflow serves: per copy, under the webhook ID n8n gave its trigger. */
const paths: Record<string, string> = {};
const profileWorkflows = new Map<string, string>();
const hook = (path: string) => `${instance.webhookUrl}/webhook/${path}`;

/** The example at another path (and webhook id), so several copies can be active. */
function at(workflow: WorkflowJson, path: string): WorkflowJson {
	const copy = withExactPath(workflow, path);
	copy.name = `${copy.name} (${path})`;
	return copy;
}

beforeAll(async () => {
	instance = await startN8nQueue({
		runtime: ensureRuntime(),
		tarball: packPackage(),
		// Every finished execution is kept, so the load and fault tests can count them; the expression engine as
		// the README recommends for busy lookups (see load.test.ts).
		env: { EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all', ...BUSY_LOOKUP_SETTINGS },
	});
	api = new N8nApi(instance);
	crm = await startStandInCrm();
	files = await startRecordingFileServer();
	const m8com = await api.createCredential('M8Com (queue)', 'm8ComWebhookApi', { secret: M8COM_SECRET });
	const recordings = await api.createCredential('M8Com Recording (queue)', 'm8ComWebhookApi', { secret: RECORDING_SECRET });
	const bind = (file: string, credential = m8com) => loadExample(file, { crmBaseUrl: crm.baseUrl, credentials: { m8ComWebhookApi: credential } });
	const active = (workflow: WorkflowJson) => api.createActiveWorkflow(workflow, instance.webhookUrl);

	workflows.lookup = await active(bind('m8com-lookup-http-crm.json'));
	paths.lookup = await api.triggerPath(workflows.lookup);
	const json = (name: string, extra: Partial<Parameters<typeof jsonLookupWorkflow>[0]> = {}) =>
		jsonLookupWorkflow({ name, path: `queue/${name}`, crmUrl: `${crm.baseUrl}/customers/acme/insights`, credential: m8com, ...extra });
	await active(json('json'));
	await active(json('fail', { onInvalidData: 'fail' }));
	workflows.callLog = await active(bind('m8com-call-log-crm-activity.json'));
	paths.callLog = await api.triggerPath(workflows.callLog);
	// The stand-in file server is on 127.0.0.1: the opt-in for self-hosted file servers.
	workflows.recording = await active(selfHostedFiles(bind('m8com-recording-store.json', recordings)));
	paths.recording = await api.triggerPath(workflows.recording);
	workflows.load = await active(at(bind('m8com-call-log-crm-activity.json'), 'queue/load/call-log'));
	workflows.faultWorker = await active(at(bind('m8com-call-log-crm-activity.json'), 'queue/fault/worker'));
	workflows.faultWorkerKill = await active(at(bind('m8com-call-log-crm-activity.json'), 'queue/fault/worker-kill'));
	workflows.faultWebhook = await active(at(bind('m8com-call-log-crm-activity.json'), 'queue/fault/webhook'));
	await active(at(bind('m8com-lookup-http-crm.json'), 'queue/load/lookup'));
	const cached = at(bind('m8com-lookup-http-crm.json'), 'queue/load/lookup-cached');
	(cached.nodes[0].parameters as Record<string, unknown>).options = { cacheSeconds: 3600 };
	await active(cached);

	const credentials: Record<string, { id: string; name: string }> = {};
	for (const { key, type, data } of PROFILE_CREDENTIALS) credentials[key] = await api.createCredential(`queue ${key}`, type, data);
	for (const target of TRIGGER_TARGETS) profileWorkflows.set(target.profile.name, await active(target.workflow(credentials)));
}, 600_000);

afterAll(async () => {
	crm?.server.closeAllConnections();
	crm?.server.close();
	files?.close();
	if (instance) await stopN8nQueue(instance);
});

describe('queue mode: the lookup answer is relayed from the worker', () => {
	test('the Insights answer shaped on the worker reaches M8Com unchanged', async () => {
		const res = await lookup(hook(paths.lookup), { fromNumber: '+46701234567' });
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
		expect((res.json as { displayName: string }).displayName).toBe('Maria Andersson');
		expect((res.json as { activities: unknown[] }).activities).toHaveLength(4);
		const passThrough = await lookup(hook('queue/json'), { fromNumber: '+46701234567' });
		expect(passThrough.status).toBe(200);
		expect(passThrough.json).toEqual(CRM_INSIGHTS['+46701234567']);
	});

	test('the no-match answer keeps its 404 status through the relay', async () => {
		const res = await lookup(hook(paths.lookup), { fromNumber: '+46709999999' });
		expect(res.status).toBe(404);
		expect(res.json).toEqual({});
		// The status also travels as a header through Redis (lib/n8nRespondSeam.ts); the webhook process removes it.
		expect(res.headers.has(STATUS_HEADER)).toBe(false);
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
		expect(res.elapsedMs).toBeLessThan(M8COM_TIMEOUT_MS);
	});

	test('authentication is checked in the webhook process: 401 and 403', async () => {
		expect((await lookup(hook(paths.lookup), { fromNumber: '+46701234567' }, null)).status).toBe(401);
		expect((await lookup(hook(paths.lookup), { fromNumber: '+46701234567' }, 'Bearer wrong')).status).toBe(403);
	});
});

describe('queue mode: every event trigger', () => {
	const post = (path: string, body: unknown, secret: string) =>
		fetch(hook(path), { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` }, body: JSON.stringify(body) });

	test('call log: acknowledged by the webhook process, run on the worker, logged in the CRM', async () => {
		const res = await post(paths.callLog, { ...CONTACT_CALLED_SUPPORT, fromNumber: '+46700009001' }, M8COM_SECRET);
		expect(res.status).toBe(200);
		const [execution] = await executionsWith(api, workflows.callLog, '+46700009001');
		expect(execution.status).toBe('success');
		expect(nodeItem(execution, 'M8Com Call Log Trigger')?.json.sections).toMatchObject({ agent: 'erik@acme.example' });
		expect(crm.posted.some((p) => (p.body as { contactNumber?: string }).contactNumber === '+46700009001')).toBe(true);
	});

	test('recording: files downloaded in the webhook process travel as binary data (database mode) to the worker', async () => {
		const body = { ...SUPPORT_RECORDING, id: 900001, fileUrls: [`${files.baseUrl}/rec/900001.mp3`] };
		const res = await post(paths.recording, body, RECORDING_SECRET);
		expect(res.status).toBe(200);
		const [execution] = await executionsWith(api, workflows.recording, '900001');
		expect(execution.status).toBe('success');
		expect(nodeItem(execution, 'M8Com Recording Trigger')?.binary?.recording0).toMatchObject({ fileName: '900001.mp3', mimeType: 'audio/mpeg' });
		const stored = crm.posted.filter((p) => p.collection === 'recordings' && p.query.recordingId === '900001');
		expect(stored.map((p) => p.body)).toEqual([{ bytes: recordingBytes('900001').length, text: recordingBytes('900001').toString('latin1') }]);
	});

	test.each(TRIGGER_TARGETS.map((t) => [t.profile.name, t] as const))('%s: a valid request runs on the worker', async (name, target) => {
		const workflowId = profileWorkflows.get(name) as string;
		const before = (await api.executions(workflowId)).length;
		expect(target.validStatuses).toContain(await sendValidRequest(instance.webhookUrl, target.profile));
		const executions = await api.waitForExecutions(workflowId, before + 1, 60_000);
		const newest = executions.sort((a, b) => Number(b.id) - Number(a.id))[0] as Execution;
		expect(newest.status).toBe('success');
		expect(nodeItem(newest, 'Trigger')?.json).toHaveProperty('normalized');
	});
});

describe('queue mode: load', () => {
	test('1,000 call logs at concurrency 20: every 2xx is a finished execution, nothing lost; every lookup answered, cached ones within 3 s', async () => {
		// The first lookup runs the workflow and fills the webhook process's cache; the bursts are answered from it.
		await lookup(hook('queue/load/lookup-cached'), { fromNumber: '+46701234567' });
		const lookups: Record<'cached' | 'uncached', Awaited<ReturnType<typeof lookupsUntil>>> = { cached: [], uncached: [] };
		const { results, ...figures } = await runCallLogLoad({
			api,
			webhookUrl: instance.webhookUrl,
			secret: M8COM_SECRET,
			path: 'queue/load/call-log',
			workflowId: workflows.load,
			crm,
			count: 1000,
			concurrency: 20,
			markerPrefix: '2',
			// Lookups run until the last call log has been answered.
			during: async (progress) => {
				const done = () => progress() >= 1000;
				[lookups.cached, lookups.uncached] = await Promise.all([
					lookupsUntil(hook('queue/load/lookup-cached'), M8COM_SECRET, done, 1),
					lookupsUntil(hook('queue/load/lookup'), M8COM_SECRET, done, 1),
				]);
			},
		});
		void results;
		recordFigures('load', 'queue', { ...figures, cachedLookups: lookupFigures(lookups.cached), uncachedLookups: lookupFigures(lookups.uncached) });
		expect(figures.accepted).toBe(1000);
		expect(figures.executions).toBe(figures.accepted);
		expect(figures.acceptedNotLogged).toEqual([]);
		expect(figures.duplicates).toBe(0);
		for (const stream of [lookups.cached, lookups.uncached]) {
			expect(stream.length).toBeGreaterThan(0);
			expect(stream.filter((l) => l.status !== 200 && l.status !== 404)).toEqual([]);
		}
		expect(lookups.cached.filter((l) => l.status !== 200)).toEqual([]);
		for (const stream of [lookups.cached, lookups.uncached]) {
			expect(stream.filter((l) => l.ms >= M8COM_TIMEOUT_MS).map((l) => Math.round(l.ms))).toEqual([]);
		}
	}, 900_000);
});

describe('queue mode: faults while call logs are being sent', () => {
	const COUNT = 300;
	/** Restarts a role once a third of the call logs have been answered. */
	const restartAfterAThird = (role: 'worker' | 'webhook', signal: 'SIGTERM' | 'SIGKILL') => async (progress: () => number) => {
		while (progress() < COUNT / 3) await new Promise((r) => setTimeout(r, 50));
		await restartRole(instance, role, signal, 2000);
	};
	const report = (key: string, figures: CallLogLoadFigures & Record<string, unknown>) => recordFigures('faults', key, { ...figures });

	test('the worker stopped (SIGTERM) and started again: every 2xx ends in a finished execution', async () => {
		const { results, ...figures } = await runCallLogLoad({
			api, webhookUrl: instance.webhookUrl, secret: M8COM_SECRET, path: 'queue/fault/worker', workflowId: workflows.faultWorker, crm,
			count: COUNT, concurrency: 10, markerPrefix: '3', during: restartAfterAThird('worker', 'SIGTERM'),
		});
		void results;
		report('worker restarted (SIGTERM)', figures);
		expect(figures.accepted).toBe(COUNT);
		expect(figures.acceptedNotLogged).toEqual([]);
		expect(figures.executionsFinished).toBe(figures.accepted);
	}, 900_000);

	test('the webhook process restarted: what got a 2xx ends in a finished execution; the rest is the sender\'s to retry', async () => {
		const { results, ...figures } = await runCallLogLoad({
			api, webhookUrl: instance.webhookUrl, secret: M8COM_SECRET, path: 'queue/fault/webhook', workflowId: workflows.faultWebhook, crm,
			count: COUNT, concurrency: 10, markerPrefix: '4', during: restartAfterAThird('webhook', 'SIGTERM'),
		});
		void results;
		report('webhook process restarted (SIGTERM)', figures);
		expect(figures.accepted).toBeGreaterThan(0);
		expect(figures.acceptedNotLogged).toEqual([]);
		expect(figures.executionsFinished).toBe(figures.accepted);
	}, 900_000);

	test('the worker killed (SIGKILL) and started again: every event has its execution; at most the jobs in flight do not finish', async () => {
		const WORKER_CONCURRENCY = 10;
		const { results, ...figures } = await runCallLogLoad({
			api, webhookUrl: instance.webhookUrl, secret: M8COM_SECRET, path: 'queue/fault/worker-kill', workflowId: workflows.faultWorkerKill, crm,
			count: COUNT, concurrency: 10, markerPrefix: '5', during: restartAfterAThird('worker', 'SIGKILL'), settleMs: 120_000,
		});
		// n8n does not re-run a job whose worker died (Bull maxStalledCount 0): those executions end "crashed",
		// their input saved. We try n8n's own retry on them and report what it recovers.
		const executions = await api.executions(workflows.faultWorkerKill);
		const statuses = executions.reduce<Record<string, number>>((all, e) => ({ ...all, [e.status]: (all[e.status] ?? 0) + 1 }), {});
		const crashed = executions.filter((e) => e.status === 'crashed' || e.status === 'error');
		for (const execution of crashed) await api.retry(execution.id).catch(() => undefined);
		const accepted = results.filter((r) => r.status >= 200 && r.status < 300).map((r) => marker('5', r.index));
		const notLogged = () => {
			const numbers = new Set(crm.posted.map((p) => (p.body as { contactNumber?: string }).contactNumber));
			return accepted.filter((m) => !numbers.has(m));
		};
		const deadline = Date.now() + 30_000;
		while (notLogged().length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 500));
		report('worker killed (SIGKILL)', { ...figures, executionStatuses: statuses, crashedThenRetried: crashed.length, lostAfterRetry: notLogged().length });

		expect(figures.accepted).toBe(COUNT);
		// Every accepted event has its execution, input saved; only jobs running at the kill may not finish.
		expect(figures.executions).toBe(figures.accepted);
		expect(figures.lost).toBeLessThanOrEqual(WORKER_CONCURRENCY);
		expect(figures.duplicates).toBe(0);
	}, 900_000);
});
