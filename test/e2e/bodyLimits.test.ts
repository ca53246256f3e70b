/* eslint-disable @n8n/community-nodes/no-restricted-imports -- not shipped: n8n's rules for node code */
/**
 * Body limits and the answer path against the real n8n (the seam: lib/n8nWebhookSeam.ts, lib/n8nRespondSeam.ts).
 * For every body trigger: n8n hands the body over unread, so a body over the vendor's limit is 413 with a short
 * JSON message and a closed connection whether its length is declared or not (chunked), nothing starts, and a
 * gzip-compressed vendor request still starts the workflow. For the lookup: the respond node's status arrives and
 * the header that carries it does not.
 */
import { request as httpRequest } from 'node:http';
import { gzipSync } from 'node:zlib';

import { N8nApi } from '../harness/api';
import { readE2eState } from '../harness/state';
import { AUTOID_BODY_LIMIT } from '../../nodes/AutoIdTrigger/AutoIdTrigger.node';
import { CTM_LOG_DATA_BODY_LIMIT } from '../../nodes/CallTrackingMetricsTrigger/CallTrackingMetricsTrigger.node';
import { CALL_LOG_BODY_LIMIT } from '../../nodes/M8ComCallLog/M8ComCallLogTrigger.node';
import { RECORDING_BODY_LIMIT } from '../../nodes/M8ComRecording/M8ComRecordingTrigger.node';
import { WILDIX_BODY_LIMIT } from '../../nodes/WildixTrigger/WildixTrigger.node';
import { STATUS_HEADER } from '../../lib/n8nRespondSeam';
import { PROFILE_CREDENTIALS, TRIGGER_TARGETS, sendValidRequest, type TriggerTarget } from '../support/triggerProfiles';

const state = readE2eState();
const api = new N8nApi(state);
const workflowIds = new Map<TriggerTarget, string>();

const LIMITS: Record<string, number> = {
	'M8Com Call Log Trigger': CALL_LOG_BODY_LIMIT,
	'M8Com Recording Trigger': RECORDING_BODY_LIMIT,
	'Wildix Trigger': WILDIX_BODY_LIMIT,
	'AutoID Trigger': AUTOID_BODY_LIMIT,
	'CallTrackingMetrics Trigger': CTM_LOG_DATA_BODY_LIMIT,
};

beforeAll(async () => {
	const credentials: Record<string, { id: string; name: string }> = {};
	for (const { key, type, data } of PROFILE_CREDENTIALS) credentials[key] = await api.createCredential(`limits ${key}`, type, data);
	for (const target of TRIGGER_TARGETS) workflowIds.set(target, await api.createActiveWorkflow(target.workflow(credentials)));
}, 180_000);

// Other suites activate the same profile paths on this n8n; n8n refuses a second active workflow on a path.
afterAll(async () => {
	for (const id of workflowIds.values()) await api.deactivate(id);
});

const targetPath = (target: TriggerTarget) => {
	const query = target.profile.validQuery ?? {};
	return `/webhook/${target.profile.path}${Object.keys(query).length ? `?${new URLSearchParams(query)}` : ''}`;
};

/** The valid body padded with one field to exactly `size` bytes. */
function padded(target: TriggerTarget, size: number): Buffer {
	const base = JSON.stringify({ ...target.profile.validBody, padding: '' });
	return Buffer.from(`${base.slice(0, -2)}${'x'.repeat(size - Buffer.byteLength(base))}"}`);
}

interface Answer {
	status: number;
	connection?: string;
	body: string;
}

/**
 * POSTs the body in 16 KB pieces, with its Content-Length or without (chunked transfer), as far as the server lets
 * it: a server that answers early and closes the connection may cut the upload short, which is not an error here.
 */
function post(path: string, headers: Record<string, string>, body: Buffer, declareLength: boolean): Promise<Answer> {
	return new Promise((resolve, reject) => {
		const url = new URL(`${state.webhookUrl}${path}`);
		const sent = declareLength ? { ...headers, 'content-length': String(body.length) } : headers;
		let answered = false;
		const req = httpRequest({ host: url.hostname, port: url.port, path: url.pathname + url.search, method: 'POST', headers: sent, agent: false }, (res) => {
			answered = true;
			let text = '';
			res.on('data', (chunk: Buffer) => (text += chunk.toString()));
			res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, body: text }));
		});
		req.on('error', (error) => {
			if (!answered) reject(error);
		});
		let offset = 0;
		const pump = () => {
			while (offset < body.length) {
				const piece = body.subarray(offset, offset + 16384);
				offset += piece.length;
				if (!req.write(piece)) return void req.once('drain', pump);
			}
			req.end();
		};
		pump();
	});
}

const bodyTargets = TRIGGER_TARGETS.filter((target) => target.profile.validBody !== undefined);

describe.each(bodyTargets.map((target) => [target.profile.name, target] as const))('%s in a real n8n', (name, target) => {
	const limit = LIMITS[name];

	test('has a limit, far below n8n\'s 16 MB', () => {
		expect(limit).toBeLessThanOrEqual(1024 * 1024);
	});

	test('an authenticated body over the limit is 413 with a short message, declared or chunked, and starts nothing', async () => {
		const workflowId = workflowIds.get(target) as string;
		const before = (await api.executions(workflowId)).length;
		const body = padded(target, limit + 1);
		const headers = { 'content-type': target.profile.contentTypes[0], ...target.profile.authHeaders(body, targetPath(target)) };
		const message = JSON.stringify({ message: `The body is larger than ${limit / 1024 >= 1024 ? `${limit / 1024 / 1024} MB` : `${limit / 1024} KB`}` });

		expect(await post(targetPath(target), headers, body, true)).toEqual({ status: 413, connection: 'close', body: message });
		expect(await post(targetPath(target), headers, body, false)).toEqual({ status: 413, connection: 'close', body: message });

		expect((await fetch(`${state.baseUrl}/healthz`)).status).toBe(200);
		expect((await api.executions(workflowId)).length).toBe(before);
	});

	test("the vendor's request still starts the workflow, plain and gzip-compressed", async () => {
		const workflowId = workflowIds.get(target) as string;
		const before = (await api.executions(workflowId)).length;
		expect(target.validStatuses).toContain(await sendValidRequest(state.webhookUrl, target.profile));

		const valid = Buffer.from(JSON.stringify(target.profile.validBody));
		const headers = {
			'content-type': target.profile.contentTypes[0],
			'content-encoding': 'gzip',
			...target.profile.authHeaders(valid, targetPath(target)),
		};
		const zipped = await fetch(`${state.webhookUrl}${targetPath(target)}`, { method: 'POST', headers, body: gzipSync(valid) });
		expect(target.validStatuses).toContain(zipped.status);
		expect((await api.waitForExecutions(workflowId, before + 2)).length).toBe(before + 2);
	});
});

test('the lookup answer keeps the status the respond node chose, and the status header stays inside n8n', async () => {
	const lookup = TRIGGER_TARGETS.find((target) => target.profile.methods.includes('GET')) as TriggerTarget;
	const res = await fetch(`${state.webhookUrl}${targetPath(lookup)}`, { headers: lookup.profile.authHeaders(Buffer.alloc(0), targetPath(lookup)) });
	expect(res.status).toBe(404);
	expect(await res.text()).toBe('{}');
	expect(res.headers.has(STATUS_HEADER)).toBe(false);
});
