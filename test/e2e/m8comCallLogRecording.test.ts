/* eslint-disable @n8n/community-nodes/no-hardcoded-secrets -- not shipped: n8n's rules for node code */
/**
 * M8Com automatic call logging and call recordings, end to end: the example workflows imported into a real
 * n8n 2.41.0 and driven over HTTP the way M8Com posts (JSON, Authorization: Bearer <secret>), with a stand-in
 * CRM and a stand-in file server for the recording URLs (good, expired, slow).
 */
import { N8nApi, type WorkflowJson } from '../harness/api';
import { loadExample } from '../harness/examples';
import { M8COM_SECRET, readE2eState } from '../harness/state';
import { startStandInCrm, type StandInCrm } from '../../examples/standInCrm';
import { ANNA_CALLED_CONTACT, CONTACT_CALLED_SUPPORT, PERSONAL_RECORDING, SUPPORT_RECORDING } from '../fixtures/m8com';
import { executionsWith, expectNoExecutionWith, nodeItem } from '../support/executions';
import { recordingBytes, startRecordingFileServer, type RecordingFileServer } from '../support/recordingFiles';

const state = readE2eState();
const api = new N8nApi(state);
const hook = (path: string) => `${state.webhookUrl}/webhook/${path}`;
const RECORDING_SECRET = 'e2e-m8com-recording-secret-51d0';

let crm: StandInCrm;
let files: RecordingFileServer;
const workflows: Record<string, string> = {};

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
	const copy = JSON.parse(JSON.stringify(example)) as WorkflowJson;
	copy.name = `${copy.name} (${path})`;
	const trigger = copy.nodes[0];
	trigger.webhookId = `${String(trigger.webhookId).slice(0, 24)}${path.replace(/\W/g, '').slice(-12).padStart(12, '0')}`;
	trigger.parameters = { ...(trigger.parameters as object), path, ...parameters };
	return copy;
}

beforeAll(async () => {
	crm = await startStandInCrm();
	files = await startRecordingFileServer();
	const m8com = state.credentials.m8ComWebhookApi;
	const recordings = await api.createCredential('M8Com Recording (e2e)', 'm8ComWebhookApi', { secret: RECORDING_SECRET });
	const callLog = loadExample('m8com-call-log-crm-activity.json', { crmBaseUrl: crm.baseUrl, credentials: { m8ComWebhookApi: m8com } });
	const recording = loadExample('m8com-recording-store.json', { crmBaseUrl: crm.baseUrl, credentials: { m8ComWebhookApi: recordings } });
	workflows.callLog = await api.createActiveWorkflow(callLog);
	workflows.callLogFiltered = await api.createActiveWorkflow(
		variant(callLog, 'e2e/call-log-filtered', { settings: { callTypes: ['Outbound'], minDurationSeconds: 60 } }),
	);
	workflows.recording = await api.createActiveWorkflow(recording);
	workflows.recordingTight = await api.createActiveWorkflow(
		variant(recording, 'e2e/recordings-tight', { recordingsFrom: ['answerGroup'], settings: { downloadTimeoutSeconds: 1 } }),
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
		const res = await post('m8com/call-log', call);
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
		expect((await post('m8com/call-log', call)).status).toBe(200);
		const [execution] = await executionsWith(api, workflows.callLog, '070-000 05 02');
		expect(nodeItem(execution, 'M8Com Call Log Trigger')?.json.normalized).toMatchObject({
			direction: 'outbound',
			to: { e164: '+46700000502' },
			agent: { email: 'anna@acme.example', userId: 'u-anna' },
		});
	});

	test.each([
		['no Authorization header', null, 401, 'No authorization header provided', '+46700000511'],
		['a wrong secret', 'wrong-secret', 403, 'Invalid secret', '+46700000512'],
		['the recording integration\'s secret', RECORDING_SECRET, 403, 'Invalid secret', '+46700000513'],
	])('%s is refused before any execution', async (_, secret, status, message, marker) => {
		const res = await post('m8com/call-log', { ...CONTACT_CALLED_SUPPORT, fromNumber: marker }, secret);
		expect(res.status).toBe(status);
		expect(res.json).toEqual({ message });
		expect(res.text).not.toContain(M8COM_SECRET);
		await expectNoExecutionWith(api, workflows.callLog, marker);
	});

	test('an incomplete body is 400 naming the missing field, and starts nothing', async () => {
		const { duration, ...incomplete } = { ...CONTACT_CALLED_SUPPORT, fromNumber: '+46700000521' };
		void duration;
		const res = await post('m8com/call-log', incomplete);
		expect(res.status).toBe(400);
		expect(res.json).toEqual({ message: 'Missing field "duration"' });
		await expectNoExecutionWith(api, workflows.callLog, '+46700000521');
	});

	test('malformed JSON is 400 from the trigger (it reads the body itself, after the secret), and starts nothing', async () => {
		const res = await post('m8com/call-log', undefined, M8COM_SECRET, '{"fromNumber": "+46700000522", "duration": ');
		expect(res.status).toBe(400);
		expect(res.json).toEqual({ message: 'The body is not valid JSON' });
		const anonymous = await post('m8com/call-log', undefined, null, '{"fromNumber": "+46700000522", "duration": ');
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
		const res = await post('m8com/recordings', body, RECORDING_SECRET);
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
		expect((await post('m8com/recordings', body, RECORDING_SECRET)).status).toBe(200);
		await executionsWith(api, workflows.recording, '600001', 2);
		expect(stored(600001)).toHaveLength(2);
	});

	test('an expired file URL answers 502 so M8Com retries, and starts nothing', async () => {
		const res = await post('m8com/recordings', recording(600002, [fileUrl('600002'), fileUrl('600002-x', '?expired=1&token=SIGNED')]), RECORDING_SECRET);
		expect(res.status).toBe(502);
		expect(res.json).toEqual({ message: 'Could not download recording 2 of 2 (HTTP 410)' });
		expect(res.text).not.toContain('SIGNED');
		await expectNoExecutionWith(api, workflows.recording, '600002');
	});

	test('a slow file within the download timeout is waited for, then acknowledged with 200', async () => {
		const res = await post('m8com/recordings', recording(600003, [fileUrl('600003', '?delay=1500')]), RECORDING_SECRET);
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
		const res = await post('m8com/recordings', recording(id, [fileUrl(String(id))]), secret);
		expect(res.status).toBe(status);
		expect(files.requests.some((r) => r.includes(String(id)))).toBe(false);
		await expectNoExecutionWith(api, workflows.recording, String(id));
	});

	test('a body without fileUrls is 400 naming the field', async () => {
		const { fileUrls, ...incomplete } = recording(600013, []);
		void fileUrls;
		const res = await post('m8com/recordings', incomplete, RECORDING_SECRET);
		expect(res.status).toBe(400);
		expect(res.json).toEqual({ message: 'Missing field "fileUrls"' });
		await expectNoExecutionWith(api, workflows.recording, '600013');
	});
});
