/* eslint-disable @n8n/community-nodes/no-hardcoded-secrets -- not shipped: n8n's rules for node code */
/**
 * M8Com automatic call logging and call recordings, end to end: the example workflows imported into a real
 * n8n (the pinned 2.41.1) and driven over HTTP the way M8Com posts (JSON, Authorization: Bearer <secret>), with a stand-in
 * CRM and a stand-in file server for the recording URLs (good, expired, slow).
 */
import { N8nApi, type WorkflowJson } from '../harness/api';
import { loadExample, withExactPath } from '../harness/examples';
import { differencesFor } from '../harness/n8nVersions';
import { M8COM_SECRET, readE2eState } from '../harness/state';
import { startStandInCrm, type StandInCrm } from '../../examples/standInCrm';
import { ANNA_CALLED_CONTACT, CONTACT_CALLED_SUPPORT, PERSONAL_RECORDING, SUPPORT_RECORDING } from '../fixtures/m8com';
import { executionsWith, expectNoExecutionWith, nodeItem } from '../support/executions';
import { recordingBytes, selfHostedFiles, startRecordingFileServer, type RecordingFileServer } from '../support/recordingFiles';

const state = readE2eState();
const api = new N8nApi(state);
const hook = (path: string) => `${state.webhookUrl}/webhook/${path}`;
const RECORDING_SECRET = 'e2e-m8com-recording-secret-51d0';

let crm: StandInCrm;
let files: RecordingFileServer;
const workflows: Record<string, string> = {};
/** The path (after /webhook/) each example workflow serves: per copy, under the webhook ID n8n gave its trigger. */
const paths: Record<string, string> = {};

/** Posts as M8Com does; `secret` null sends no Authorization header. */
async function post(path: string, body: unknown, secret: string | null = M8COM_SECRET, raw?: string) {
	const started = Date.now();
	const res = await fetch(hook(path), {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...(secret === null ? {} : { authorization: `Bearer ${secret}` }) },
		body: raw ?? JSON.stringify(body),
	});
	const text = await res.text();
	return { status: res.status, text, json: text ? (JSON.parse(text) as Record<string, unknown>) : undefined, ms: Date.now() - started };
}

/** The example workflow at another path, with trigger parameters changed (a second trigger of the same kind). */
function variant(example: WorkflowJson, path: string, parameters: Record<string, unknown>): WorkflowJson {
	const copy = withExactPath(example, path);
	copy.name = `${copy.name} (${path})`;
	const trigger = copy.nodes[0];
	trigger.parameters = { ...(trigger.parameters as object), ...parameters };
	return copy;
}

beforeAll(async () => {
	crm = await startStandInCrm();
	files = await startRecordingFileServer();
	const m8com = state.credentials.m8ComWebhookApi;
	const recordings = await api.createCredential('M8Com Recording (e2e)', 'm8ComWebhookApi', { secret: RECORDING_SECRET });
	const callLog = loadExample('m8com-call-log-crm-activity.json', { crmBaseUrl: crm.baseUrl, credentials: { m8ComWebhookApi: m8com } });
	const example = loadExample('m8com-recording-store.json', { crmBaseUrl: crm.baseUrl, credentials: { m8ComWebhookApi: recordings } });
	// The stand-in file server is on 127.0.0.1: only the opt-in for self-hosted file servers lets the trigger fetch.
	const recording = selfHostedFiles(example);
	workflows.callLog = await api.createActiveWorkflow(callLog);
	paths.callLog = await api.triggerPath(workflows.callLog);
	workflows.callLogFiltered = await api.createActiveWorkflow(
		variant(callLog, 'e2e/call-log-filtered', { settings: { callTypes: ['Outbound'], minDurationSeconds: 60 } }),
	);
	workflows.recording = await api.createActiveWorkflow(recording);
	paths.recording = await api.triggerPath(workflows.recording);
	workflows.recordingTight = await api.createActiveWorkflow(
		variant(recording, 'e2e/recordings-tight', { recordingsFrom: ['answerGroup'], settings: { downloadTimeoutSeconds: 1, allowPrivateAddresses: true } }),
	);
	// As imported by a user: no opt-in, so nothing inside the n8n host is fetched.
	workflows.recordingClosed = await api.createActiveWorkflow(variant(example, 'e2e/recordings-closed', {}));
	workflows.recordingLimits = await api.createActiveWorkflow(
		variant(recording, 'e2e/recordings-limits', { settings: { allowPrivateAddresses: true, allowedHosts: '127.0.0.1', maxFiles: 2, maxFileSizeMb: 1 } }),
	);
});

afterAll(() => {
	crm?.server.closeAllConnections();
	crm?.server.close();
	files?.close();
});

describe('M8Com Call Log Trigger in a real n8n', () => {
	test('a finished call is acknowledged with 200 and logged in the CRM by the example workflow', async () => {
		const call = { ...CONTACT_CALLED_SUPPORT, fromNumber: '+46700000501' };
		const res = await post(paths.callLog, call);
		expect(res.status).toBe(200);
		expect(res.json).toEqual({ message: 'Workflow was started' });

		const [execution] = await executionsWith(api, workflows.callLog, '+46700000501');
		expect(execution.status).toBe('success');
		const item = nodeItem(execution, 'M8Com Call Log Trigger')?.json;
		expect(item).toMatchObject({ ...call, customerId: null });
		expect(item?.sections).toMatchObject({
			callFrom: '+46701234567',
			callToAnswerGroup: { name: 'Support', number: '+4685550000' },
			agent: 'erik@acme.example',
			callType: 'Outbound',
			summary: 'The customer asked about the renewal.',
			unrecognizedLines: [],
		});
		expect(item?.normalized).toMatchObject({ vendor: 'm8com', event: 'callLog', direction: 'inbound', from: { e164: '+46700000501' } });
		expect(JSON.stringify(execution.data)).not.toContain(M8COM_SECRET);

		const activity = crm.posted.find((p) => p.collection === 'activities' && JSON.stringify(p.body).includes('+46700000501'));
		expect(activity?.body).toEqual({
			type: 'call',
			externalId: (item?.normalized as { callId: string }).callId,
			direction: 'inbound',
			contactNumber: '+46700000501',
			user: 'erik@acme.example',
			answerGroup: 'Support',
			startedAt: '2023-11-14T22:13:20.000Z',
			durationSeconds: 125,
			summary: 'The customer asked about the renewal.',
			notes: CONTACT_CALLED_SUPPORT.body,
		});
	});

	test('the business calling out: the contact is the callee, in E.164', async () => {
		const call = { ...ANNA_CALLED_CONTACT, toNumber: '070-000 05 02' };
		expect((await post(paths.callLog, call)).status).toBe(200);
		const [execution] = await executionsWith(api, workflows.callLog, '070-000 05 02');
		expect(nodeItem(execution, 'M8Com Call Log Trigger')?.json.normalized).toMatchObject({
			direction: 'outbound',
			to: { e164: '+46700000502' },
			agent: { email: 'anna@acme.example', userId: 'u-anna' },
		});
	});

	test.each([
		['no Authorization header', null, 401, 'Authentication required', '+46700000511'],
		['a wrong secret', 'wrong-secret', 403, 'Authentication failed', '+46700000512'],
		['the recording integration\'s secret', RECORDING_SECRET, 403, 'Authentication failed', '+46700000513'],
	])('%s is refused before any execution', async (_, secret, status, message, marker) => {
		const res = await post(paths.callLog, { ...CONTACT_CALLED_SUPPORT, fromNumber: marker }, secret);
		expect(res.status).toBe(status);
		expect(res.json).toEqual({ message });
		expect(res.text).not.toContain(M8COM_SECRET);
		await expectNoExecutionWith(api, workflows.callLog, marker);
	});

	test('an incomplete body is 400 naming the missing field, and starts nothing', async () => {
		const { duration, ...incomplete } = { ...CONTACT_CALLED_SUPPORT, fromNumber: '+46700000521' };
		void duration;
		const res = await post(paths.callLog, incomplete);
		expect(res.status).toBe(400);
		expect(res.json).toEqual({ message: 'Missing field "duration"' });
		await expectNoExecutionWith(api, workflows.callLog, '+46700000521');
	});

	test('malformed JSON is 400 from the trigger (it reads the body itself, after the secret), and starts nothing', async () => {
		const res = await post(paths.callLog, undefined, M8COM_SECRET, '{"fromNumber": "+46700000522", "duration": ');
		expect(res.status).toBe(400);
		expect(res.json).toEqual({ message: 'The body is not valid JSON' });
		const anonymous = await post(paths.callLog, undefined, null, '{"fromNumber": "+46700000522", "duration": ');
		expect(anonymous.status).toBe(401);
		expect(res.text).not.toContain(M8COM_SECRET);
		await expectNoExecutionWith(api, workflows.callLog, '+46700000522');
	});

	test('call types and short calls the user filtered out are acknowledged with 200 and start nothing', async () => {
		const inbound = await post('e2e/call-log-filtered', { ...ANNA_CALLED_CONTACT, fromNumber: '+46700000531' });
		expect(inbound.status).toBe(200);
		expect(inbound.json).toEqual({ message: 'Ignored: call type not selected' });
		const short = await post('e2e/call-log-filtered', { ...CONTACT_CALLED_SUPPORT, fromNumber: '+46700000532', duration: 59_000 });
		expect(short.json).toEqual({ message: 'Ignored: call shorter than 60 seconds' });
		const kept = await post('e2e/call-log-filtered', { ...CONTACT_CALLED_SUPPORT, fromNumber: '+46700000533', duration: 60_000 });
		expect(kept.status).toBe(200);
		await executionsWith(api, workflows.callLogFiltered, '+46700000533');
		await expectNoExecutionWith(api, workflows.callLogFiltered, '+46700000531');
		await expectNoExecutionWith(api, workflows.callLogFiltered, '+46700000532');
	});
});

describe('M8Com Recording Trigger in a real n8n', () => {
	const fileUrl = (name: string, query = '') => `${files.baseUrl}/rec/${name}.mp3${query}`;
	const recording = (id: number, fileUrls: string[], base: object = SUPPORT_RECORDING) => ({ ...base, id, fileUrls });
	const stored = (id: number) => crm.posted.filter((p) => p.collection === 'recordings' && p.query.recordingId === String(id));

	test('good downloads: every file is attached before the 200, stored once, and a retried post is de-duplicated', async () => {
		const body = recording(600001, [fileUrl('600001-a'), fileUrl('600001-b')]);
		const res = await post(paths.recording, body, RECORDING_SECRET);
		expect(res.status).toBe(200);

		const [execution] = await executionsWith(api, workflows.recording, '600001');
		expect(execution.status).toBe('success');
		const trigger = nodeItem(execution, 'M8Com Recording Trigger');
		expect(trigger?.json).toMatchObject({ ...body, normalized: { callId: '600001', recordingUrls: body.fileUrls } });
		expect(trigger?.binary?.recording0).toMatchObject({ fileName: '600001-a.mp3', mimeType: 'audio/mpeg' });
		expect(trigger?.binary?.recording1).toMatchObject({ fileName: '600001-b.mp3', mimeType: 'audio/mpeg' });
		expect(stored(600001).map((p) => [p.query.fileName, p.contentType, p.body])).toEqual([
			['600001-a.mp3', 'audio/mpeg', { bytes: recordingBytes('600001-a').length, text: recordingBytes('600001-a').toString('latin1') }],
			['600001-b.mp3', 'audio/mpeg', { bytes: recordingBytes('600001-b').length, text: recordingBytes('600001-b').toString('latin1') }],
		]);

		// M8Com resends until it sees a 200; the same recording again runs but stores nothing twice.
		expect((await post(paths.recording, body, RECORDING_SECRET)).status).toBe(200);
		await executionsWith(api, workflows.recording, '600001', 2);
		expect(stored(600001)).toHaveLength(2);
	});

	test('an expired file URL answers 502 so M8Com retries, and starts nothing', async () => {
		const res = await post(paths.recording, recording(600002, [fileUrl('600002'), fileUrl('600002-x', '?expired=1&token=SIGNED')]), RECORDING_SECRET);
		expect(res.status).toBe(502);
		expect(res.json).toEqual({ message: 'Could not download recording 2 of 2 (HTTP 410)' });
		expect(res.text).not.toContain('SIGNED');
		await expectNoExecutionWith(api, workflows.recording, '600002');
	});

	test('a slow file within the download timeout is waited for, then acknowledged with 200', async () => {
		const res = await post(paths.recording, recording(600003, [fileUrl('600003', '?delay=1500')]), RECORDING_SECRET);
		expect(res.status).toBe(200);
		expect(res.ms).toBeGreaterThanOrEqual(1500);
		const [execution] = await executionsWith(api, workflows.recording, '600003');
		expect(nodeItem(execution, 'M8Com Recording Trigger')?.binary?.recording0).toMatchObject({ fileName: '600003.mp3' });
	});

	test('a file slower than the download timeout answers 504, and starts nothing', async () => {
		const res = await post('e2e/recordings-tight', recording(600004, [fileUrl('600004', '?delay=4000')]), RECORDING_SECRET);
		expect(res.status).toBe(504);
		expect(res.json).toEqual({ message: 'Timed out downloading recording 1 of 1' });
		await expectNoExecutionWith(api, workflows.recordingTight, '600004');
	});

	test('a user recording is acknowledged without a run when only answer group recordings are wanted', async () => {
		const res = await post('e2e/recordings-tight', recording(600005, [fileUrl('600005')], PERSONAL_RECORDING), RECORDING_SECRET);
		expect(res.status).toBe(200);
		expect(res.json).toEqual({ message: 'Ignored: user recordings not selected' });
		await expectNoExecutionWith(api, workflows.recordingTight, '600005');
	});

	test.each([
		['no Authorization header', null, 401, 600011],
		['the Insights integration\'s secret', M8COM_SECRET, 403, 600012],
	])('%s is refused before any download or execution', async (_, secret, status, id) => {
		const res = await post(paths.recording, recording(id, [fileUrl(String(id))]), secret);
		expect(res.status).toBe(status);
		expect(files.requests.some((r) => r.includes(String(id)))).toBe(false);
		await expectNoExecutionWith(api, workflows.recording, String(id));
	});

	test('a body without fileUrls is 400 naming the field', async () => {
		const { fileUrls, ...incomplete } = recording(600013, []);
		void fileUrls;
		const res = await post(paths.recording, incomplete, RECORDING_SECRET);
		expect(res.status).toBe(400);
		expect(res.json).toEqual({ message: 'Missing field "fileUrls"' });
		await expectNoExecutionWith(api, workflows.recording, '600013');
	});

	describe('server-side fetches stay outside', () => {
		const port = () => new URL(files.baseUrl).port;
		const fetchedFor = (id: number) => files.requests.filter((r) => r.includes(`/${id}`));

		test.each([
			['127.0.0.1', (p: string) => `http://127.0.0.1:${p}`, 'loopback', 600101],
			['0x7f000001', (p: string) => `http://0x7f000001:${p}`, 'loopback', 600102],
			['2130706433', (p: string) => `http://2130706433:${p}`, 'loopback', 600103],
			['0177.0.0.1', (p: string) => `http://0177.0.0.1:${p}`, 'loopback', 600104],
			['[::ffff:127.0.0.1]', (p: string) => `http://[::ffff:127.0.0.1]:${p}`, 'loopback', 600105],
			['[::1]', (p: string) => `http://[::1]:${p}`, 'loopback', 600106],
			['localhost', (p: string) => `http://localhost:${p}`, differencesFor(state.n8nVersion).localhostRefusal, 600107],
		])('without the opt-in, a file on %s is refused with 400 before any fetch, and starts nothing', async (_, origin, range, id) => {
			const res = await post('e2e/recordings-closed', recording(id, [`${origin(port())}/rec/${id}.mp3?token=SIGNED`]), RECORDING_SECRET);
			expect(res.status).toBe(400);
			expect(res.json).toEqual({ message: `Recording 1 of 1 points into a private or local network (${range}); see "Allow Private Network Addresses"` });
			expect(res.text).not.toContain('SIGNED');
			expect(fetchedFor(id)).toEqual([]);
			await expectNoExecutionWith(api, workflows.recordingClosed, String(id));
		});

		test('more files than "Max Files per Recording": 400 before any fetch', async () => {
			const res = await post('e2e/recordings-limits', recording(600111, [1, 2, 3].map((i) => fileUrl(`600111-${i}`))), RECORDING_SECRET);
			expect(res.status).toBe(400);
			expect(res.json).toEqual({ message: 'The recording has 3 files; at most 2 are downloaded (see "Max Files per Recording")' });
			expect(fetchedFor(600111)).toEqual([]);
			await expectNoExecutionWith(api, workflows.recordingLimits, '600111');
		});

		test('a file over "Max File Size" is cut off: 502, nothing starts; one at the limit is attached', async () => {
			const over = await post('e2e/recordings-limits', recording(600112, [fileUrl('600112', `?bytes=${2 * 1024 * 1024}`)]), RECORDING_SECRET);
			expect(over.status).toBe(502);
			expect(over.json).toEqual({ message: 'Recording 1 of 1 is larger than 1 MB (see "Max File Size")' });
			await expectNoExecutionWith(api, workflows.recordingLimits, '600112');
			const atLimit = await post('e2e/recordings-limits', recording(600113, [fileUrl('600113', `?bytes=${1024 * 1024}`)]), RECORDING_SECRET);
			expect(atLimit.status).toBe(200);
			const [execution] = await executionsWith(api, workflows.recordingLimits, '600113');
			expect(nodeItem(execution, 'M8Com Recording Trigger')?.binary?.recording0).toMatchObject({ fileName: '600113.mp3' });
		});

		test('redirects are followed by the trigger and checked per hop: within the host list yes, off it never fetched, at most 3', async () => {
			const moved = (to: string) => `${files.baseUrl}/moved?to=${encodeURIComponent(to)}`;
			const followed = await post('e2e/recordings-limits', recording(600114, [moved(fileUrl('600114'))]), RECORDING_SECRET);
			expect(followed.status).toBe(200);
			const [execution] = await executionsWith(api, workflows.recordingLimits, '600114');
			expect(nodeItem(execution, 'M8Com Recording Trigger')?.binary?.recording0).toMatchObject({ mimeType: 'audio/mpeg' });

			const offList = await post('e2e/recordings-limits', recording(600115, [moved(`http://localhost:${port()}/rec/600115.mp3`)]), RECORDING_SECRET);
			expect(offList.status).toBe(502);
			expect(offList.json).toEqual({ message: 'Could not download recording 1 of 1: its redirect is not on a host in "Only These File Hosts"' });
			expect(fetchedFor(600115)).toEqual([]);

			const chain = await post('e2e/recordings-limits', recording(600116, [moved(moved(moved(moved(fileUrl('600116')))))]), RECORDING_SECRET);
			expect(chain.status).toBe(502);
			expect(chain.json).toEqual({ message: 'Could not download recording 1 of 1 (more than 3 redirects)' });
			expect(fetchedFor(600116)).toEqual([]);
			await expectNoExecutionWith(api, workflows.recordingLimits, '600115');
			await expectNoExecutionWith(api, workflows.recordingLimits, '600116');
		});
	});
});
