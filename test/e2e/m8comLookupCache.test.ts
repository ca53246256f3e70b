/* eslint-disable @n8n/community-nodes/no-restricted-globals -- not shipped: n8n's rules for node code */
/**
 * The lookup trigger's answer cache in a real n8n (the pinned 2.41.1): a repeated lookup is answered from the cache without
 * running the workflow (the stand-in CRM is not asked and no execution sees the request), other lookups are not,
 * answers expire, no-match answers and the deadline fallback are not cached by default, and the cache is bounded.
 * In queue mode the webhook process caches the answer the worker relayed, and answers hits itself.
 */
import { N8nApi, nodeOutput } from '../harness/api';
import { ensureRuntime, packPackage } from '../harness/n8n';
import { startN8nQueue, stopN8nQueue, type QueueInstance } from '../harness/queueMode';
import { M8COM_SECRET, readE2eState } from '../harness/state';
import { CRM_INSIGHTS, startStandInCrm } from '../../examples/standInCrm';
import { expectNoExecutionWith as sharedExpectNoExecution } from '../support/executions';
import { jsonLookupWorkflow, lookup, type LookupResponse } from '../support/lookup';

const state = readE2eState();
const api = new N8nApi(state);
const credential = state.credentials.m8ComWebhookApi;
const hook = (path: string) => `${state.webhookUrl}/webhook/${path}`;

const MARIA = '+46701234567';
const UNKNOWN = '+46709999999';
const SLOW = '+46700000010';

/** Numbers whose CRM answer the stale-while-refresh tests change between lookups. */
const CHANGING = '+46701112233';
const CHANGING_QUEUE = '+46701112244';
const FRESH_SECONDS = 5;

let crm: Awaited<ReturnType<typeof startStandInCrm>>;
const workflows: Record<string, string> = {};

/** How many times the workflow asked the CRM about this number (a cache hit asks nothing). */
const crmLookups = (number: string) =>
	crm.requests.filter((request) => new URL(request, 'http://crm').searchParams.get('phone') === number).length;

beforeAll(async () => {
	crm = await startStandInCrm();
	const create = async (name: string, triggerOptions: Record<string, unknown>) => {
		workflows[name] = await api.createActiveWorkflow(cachedLookupWorkflow(name, triggerOptions, credential));
	};
	await create('minute', { cacheSeconds: 60 });
	await create('short', { cacheSeconds: 3 });
	await create('nomatch', { cacheSeconds: 60, cacheNoMatch: true, responseDeadline: 1000 });
	await create('small', { cacheSeconds: 60, cacheMaxEntries: 2 });
	await create('off', {});
	await create('stale', { cacheSeconds: FRESH_SECONDS, staleSeconds: 60 });
});

afterAll(async () => {
	crm?.server.closeAllConnections();
	crm?.server.close();
});

function cachedLookupWorkflow(name: string, triggerOptions: Record<string, unknown>, m8com: { id: string; name: string }) {
	const workflow = jsonLookupWorkflow({
		name: `cache ${name}`,
		path: `e2e/cache/${name}`,
		crmUrl: `${crm.baseUrl}/customers/acme/insights`,
		credential: m8com,
		triggerOptions,
	});
	// The CRM's 404 for an unknown number reaches the respond node (as {}), which then sends the no-match
	// answer itself; without this the HTTP Request fails and M8Com gets the trigger's fallback instead.
	const crmNode = workflow.nodes.find((node) => node.name === 'CRM Insights') as { parameters: { options: Record<string, unknown> } };
	crmNode.parameters.options.response = { response: { neverError: true } };
	return workflow;
}

/** A marker is a query value outside the cache key: it only reaches an execution when the lookup ran the workflow. */
const expectNoExecutionWith = (workflowId: string, marker: string, client = api) => sharedExpectNoExecution(client, workflowId, marker);

/** Waits until `count` executions that received this toNumber have finished. */
async function waitForFinished(workflowId: string, toNumber: string, count: number): Promise<void> {
	const started = Date.now();
	while (Date.now() - started < 60_000) {
		const finished = (await api.executions(workflowId, true)).filter(
			(e) => e.status !== 'running' && e.status !== 'new' && nodeOutput(e, 'M8Com Lookup Trigger')?.toNumber === toNumber,
		);
		if (finished.length >= count) return;
		await new Promise((r) => setTimeout(r, 500));
	}
	throw new Error(`${count} executions for ${toNumber} did not finish within 60 s`);
}

/**
 * Serve stale while refreshing: the CRM's answer changes after the first lookup; once the cached answer is past its
 * freshness, a lookup still gets the old answer at once, the workflow runs in the background (the CRM is asked)
 * and its new answer fills the cache, so the next lookup gets the new answer without asking the CRM.
 */
async function staleWhileRefresh(url: string, number: string) {
	const contact = (displayName: string) => ({ displayName, firstName: displayName.split(' ')[0] });
	CRM_INSIGHTS[number] = contact('Before Refresh');
	try {
		const query = { fromNumber: number };
		const first = await lookup(url, query);
		expect(first.status).toBe(200);
		expect(first.json).toMatchObject({ displayName: 'Before Refresh' });
		CRM_INSIGHTS[number] = contact('After Refresh');
		await new Promise((r) => setTimeout(r, FRESH_SECONDS * 1000 + 500));

		const asked = crmLookups(number);
		const started = Date.now();
		const stale = await lookup(url, query);
		const staleMs = Date.now() - started;
		expect(stale.status).toBe(200);
		expect(stale.json).toMatchObject({ displayName: 'Before Refresh' });

		// The refresh asks the CRM once in the background; its answer reaches the cache, not this client.
		let next = stale;
		const deadline = Date.now() + 20_000;
		while (Date.now() < deadline) {
			next = await lookup(url, query);
			if ((next.json as { displayName?: string }).displayName === 'After Refresh') break;
			await new Promise((r) => setTimeout(r, 200));
		}
		expect(next.status).toBe(200);
		expect(next.json).toMatchObject({ displayName: 'After Refresh' });
		expect(crmLookups(number)).toBe(asked + 1);
		return { staleMs };
	} finally {
		delete CRM_INSIGHTS[number];
	}
}

const sameAnswer = (a: LookupResponse, b: LookupResponse) => {
	expect(b.status).toBe(a.status);
	expect(b.headers.get('content-type')).toBe(a.headers.get('content-type'));
	expect(b.body).toBe(a.body);
};

describe('M8Com lookup answer cache in a real n8n', () => {
	test('a repeated lookup is a hit: the same answer, no CRM request, no execution', async () => {
		const query = { fromNumber: MARIA, toNumber: '+46811111111' };
		const first = await lookup(hook('e2e/cache/minute'), query);
		expect(first.status).toBe(200);
		expect(first.json).toEqual(CRM_INSIGHTS[MARIA]);
		const asked = crmLookups(MARIA);

		const marker = `hit-${Date.now()}`;
		const second = await lookup(hook('e2e/cache/minute'), { ...query, probe: marker });
		sameAnswer(first, second);
		expect(crmLookups(MARIA)).toBe(asked);
		await expectNoExecutionWith(workflows.minute, marker);
	});

	test('a hit still needs the secret: a wrong or missing one is refused and gets nothing from the cache', async () => {
		const query = { fromNumber: MARIA, toNumber: '+46822222222' };
		await lookup(hook('e2e/cache/minute'), query);
		const wrong = await lookup(hook('e2e/cache/minute'), query, 'Bearer not-the-secret');
		expect(wrong.status).toBe(403);
		expect(wrong.json).toEqual({ message: 'Authentication failed' });
		const missing = await lookup(hook('e2e/cache/minute'), query, null);
		expect(missing.status).toBe(401);
	});

	test('another toNumber, or another workflow for the same numbers, is a miss that runs the workflow', async () => {
		const query = { fromNumber: MARIA, toNumber: '+46833333333' };
		await lookup(hook('e2e/cache/minute'), query);
		const asked = crmLookups(MARIA);
		expect((await lookup(hook('e2e/cache/minute'), { ...query, toNumber: '+46833333334' })).status).toBe(200);
		expect(crmLookups(MARIA)).toBe(asked + 1);
		expect((await lookup(hook('e2e/cache/short'), query)).status).toBe(200);
		expect(crmLookups(MARIA)).toBe(asked + 2);
	});

	test('an answer expires after "Cache Answers (Seconds)"', async () => {
		const query = { fromNumber: MARIA, toNumber: '+46844444444' };
		await lookup(hook('e2e/cache/short'), query);
		const asked = crmLookups(MARIA);
		await lookup(hook('e2e/cache/short'), query);
		expect(crmLookups(MARIA)).toBe(asked);
		await new Promise((r) => setTimeout(r, 3500));
		const after = await lookup(hook('e2e/cache/short'), query);
		expect(after.status).toBe(200);
		expect(crmLookups(MARIA)).toBe(asked + 1);
	});

	test('a no-match answer is not cached by default: the CRM is asked every time', async () => {
		const query = { fromNumber: UNKNOWN, toNumber: '+46855555555' };
		const asked = crmLookups(UNKNOWN);
		for (let i = 0; i < 2; i++) {
			const res = await lookup(hook('e2e/cache/minute'), query);
			expect(res.status).toBe(404);
			expect(res.json).toEqual({});
		}
		expect(crmLookups(UNKNOWN)).toBe(asked + 2);
	});

	test('with "Cache No-Match Answers" the no-match answer is a hit too', async () => {
		const query = { fromNumber: UNKNOWN, toNumber: '+46866666666' };
		const first = await lookup(hook('e2e/cache/nomatch'), query);
		expect(first.status).toBe(404);
		const asked = crmLookups(UNKNOWN);
		const second = await lookup(hook('e2e/cache/nomatch'), query);
		sameAnswer(first, second);
		expect(crmLookups(UNKNOWN)).toBe(asked);
	});

	test('the deadline fallback is never cached, even with no-match caching on', async () => {
		const query = { fromNumber: SLOW, toNumber: '+46877777777' };
		const first = await lookup(hook('e2e/cache/nomatch'), query);
		expect(first.status).toBe(404);
		const asked = crmLookups(SLOW);
		const second = await lookup(hook('e2e/cache/nomatch'), query);
		expect(second.status).toBe(404);
		expect(crmLookups(SLOW)).toBe(asked + 1);
		// The slow executions end after ~10 s: their late contact answers are dropped, and not cached either.
		await waitForFinished(workflows.nomatch, query.toNumber, 2);
		await lookup(hook('e2e/cache/nomatch'), query);
		expect(crmLookups(SLOW)).toBe(asked + 2);
	});

	test('the cache holds at most "Cache Size" answers: the least recently used is dropped', async () => {
		const to = (n: number) => ({ fromNumber: MARIA, toNumber: `+4688888888${n}` });
		for (const n of [1, 2, 3]) expect((await lookup(hook('e2e/cache/small'), to(n))).status).toBe(200);
		const asked = crmLookups(MARIA);
		await lookup(hook('e2e/cache/small'), to(3)); // still there
		expect(crmLookups(MARIA)).toBe(asked);
		await lookup(hook('e2e/cache/small'), to(1)); // dropped when 3 came in
		expect(crmLookups(MARIA)).toBe(asked + 1);
	});

	test('serve stale while refreshing: the stale answer at once, the refreshed one next (one CRM request)', async () => {
		await staleWhileRefresh(hook('e2e/cache/stale'), CHANGING);
	});

	test('without the option nothing is cached', async () => {
		const query = { fromNumber: MARIA, toNumber: '+46899999999' };
		const asked = crmLookups(MARIA);
		await lookup(hook('e2e/cache/off'), query);
		await lookup(hook('e2e/cache/off'), query);
		expect(crmLookups(MARIA)).toBe(asked + 2);
	});
});

/**
 * "Remember Verified Secret" (issue 15): after a request passed the Bearer check, the same header skips n8n's
 * credential read (and its isolate) for that long. Observable from outside as the documented trade-off: a secret
 * rotated in n8n keeps working for at most that long, the new one works at once, a wrong one never does; with 0
 * the old secret is refused right after the rotation.
 */
async function rotationAnswers(client: N8nApi, url: string, rememberSeconds: number): Promise<Record<string, number>> {
	const oldSecret = `remember-old-${rememberSeconds}-${Date.now()}`;
	const newSecret = `remember-new-${rememberSeconds}-${Date.now()}`;
	const m8com = await client.createCredential(`M8Com (remember ${rememberSeconds} s)`, 'm8ComWebhookApi', { secret: oldSecret });
	const path = new URL(url).pathname.replace(/^\/webhook\//, '');
	const workflow = jsonLookupWorkflow({
		name: `remember ${rememberSeconds} s ${path}`,
		path,
		crmUrl: `${crm.baseUrl}/customers/acme/insights`,
		credential: m8com,
		triggerOptions: { rememberSecretSeconds: rememberSeconds },
	});
	const workflowId = await client.createActiveWorkflow(workflow, new URL(url).origin);
	const status = async (secret: string) => (await lookup(url, { fromNumber: MARIA, toNumber: '+46812121212' }, `Bearer ${secret}`)).status;
	const answers: Record<string, number> = { before: await status(oldSecret) };
	await client.updateCredential(m8com.id, 'm8ComWebhookApi', { secret: newSecret });
	answers.oldAfterRotation = await status(oldSecret);
	answers.newAfterRotation = await status(newSecret);
	answers.wrong = await status('not-the-secret');
	await client.deactivate(workflowId);
	return answers;
}

describe('Remember Verified Secret', () => {
	test('on (30 s): a rotated secret keeps working inside the window, the new one at once, a wrong one never', async () => {
		expect(await rotationAnswers(api, hook('e2e/cache/remember-on'), 30)).toEqual({ before: 200, oldAfterRotation: 200, newAfterRotation: 200, wrong: 403 });
	});

	test('off (0): the old secret is refused right after the rotation', async () => {
		expect(await rotationAnswers(api, hook('e2e/cache/remember-off'), 0)).toEqual({ before: 200, oldAfterRotation: 403, newAfterRotation: 200, wrong: 403 });
	});
});

describe('M8Com lookup answer cache in queue mode (webhook process + worker)', () => {
	let queue: QueueInstance;
	let queueApi: N8nApi;
	let workflowId: string;
	let staleWorkflowId: string;

	beforeAll(async () => {
		queue = await startN8nQueue({ runtime: ensureRuntime(), tarball: packPackage() });
		queueApi = new N8nApi(queue);
		const m8com = await queueApi.createCredential('M8Com (cache, queue)', 'm8ComWebhookApi', { secret: M8COM_SECRET });
		workflowId = await queueApi.createActiveWorkflow(cachedLookupWorkflow('queue', { cacheSeconds: 60 }, m8com));
		staleWorkflowId = await queueApi.createActiveWorkflow(
			cachedLookupWorkflow('queue-stale', { cacheSeconds: FRESH_SECONDS, staleSeconds: 60 }, m8com),
		);
	}, 400_000);

	afterAll(async () => {
		if (queue) await stopN8nQueue(queue);
	});

	test('the answer shaped on the worker is cached by the webhook process, which answers the repeat itself', async () => {
		const url = `${queue.webhookUrl}/webhook/e2e/cache/queue`;
		const query = { fromNumber: MARIA, toNumber: '+46810101010' };
		const first = await lookup(url, query);
		expect(first.status).toBe(200);
		expect(first.json).toEqual(CRM_INSIGHTS[MARIA]);
		const asked = crmLookups(MARIA);

		const marker = `queue-hit-${Date.now()}`;
		const second = await lookup(url, { ...query, probe: marker });
		sameAnswer(first, second);
		expect(crmLookups(MARIA)).toBe(asked);
		await expectNoExecutionWith(workflowId, marker, queueApi);
	});

	test('Remember Verified Secret on the webhook process: the rotated secret inside the window, the new one, never a wrong one', async () => {
		expect(await rotationAnswers(queueApi, `${queue.webhookUrl}/webhook/e2e/cache/queue-remember`, 30)).toEqual({
			before: 200,
			oldAfterRotation: 200,
			newAfterRotation: 200,
			wrong: 403,
		});
	});

	test('serve stale while refreshing: the refresh runs on the worker, its answer fills the webhook process\'s cache', async () => {
		expect(staleWorkflowId).toBeTruthy();
		await staleWhileRefresh(`${queue.webhookUrl}/webhook/e2e/cache/queue-stale`, CHANGING_QUEUE);
	});
});
