/** The call log and recording triggers' webhook(): authenticate → validate → filter → (download) → emit. */
import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import { M8ComCallLogTrigger } from '../../nodes/M8ComCallLog/M8ComCallLogTrigger.node';
import { M8ComRecordingTrigger } from '../../nodes/M8ComRecording/M8ComRecordingTrigger.node';
import { CONTACT_CALLED_SUPPORT, PERSONAL_RECORDING, SUPPORT_RECORDING } from '../fixtures/m8com';
import { webhookContext, type TestRequest } from './webhookContext';

const auth = { authorization: 'Bearer s3cret' };

/** Posts the request (JSON unless the test says otherwise) through n8n's webhook context. */
function run(node: M8ComCallLogTrigger | M8ComRecordingTrigger, request: TestRequest, parameters: IDataObject = {}, helpers?: unknown) {
	const { context, res } = webhookContext(
		node,
		{ ...request, headers: { 'content-type': 'application/json', ...request.headers } },
		{ parameters, credentials: { m8ComWebhookApi: { secret: 's3cret' } }, helpers: helpers as Partial<IWebhookFunctions['helpers']> },
	);
	return { result: node.webhook.call(context), res };
}

describe.each([
	['M8Com Call Log Trigger', new M8ComCallLogTrigger(), CONTACT_CALLED_SUPPORT],
	['M8Com Recording Trigger', new M8ComRecordingTrigger(), SUPPORT_RECORDING],
])('%s: authentication and validation', (_, node, body) => {
	test.each([
		[{}, 401, 'Authentication required'],
		[{ authorization: 'Bearer wrong' }, 403, 'Authentication failed'],
		[{ authorization: 's3cret' }, 403, 'Authentication failed'],
	])('%p is refused with %p and starts nothing', async (headers, status, message) => {
		const { result, res } = run(node, { headers, body });
		expect(await result).toEqual({ noWebhookResponse: true });
		expect(res.statusCode).toBe(status);
		expect(JSON.parse(res.body ?? '')).toEqual({ message });
	});

	test('an incomplete body is 400 naming the missing field, and starts nothing', async () => {
		const { result, res } = run(node, { headers: auth, body: { ...body, startTime: undefined } });
		expect(await result).toEqual({ noWebhookResponse: true });
		expect(res.statusCode).toBe(400);
		expect(JSON.parse(res.body ?? '')).toEqual({ message: 'Missing field "startTime"' });
	});

	test.each([['text/plain'], ['application/x-www-form-urlencoded'], ['application/xml']])(
		'a %s post is 415 and starts nothing, even with the right fields',
		async (contentType) => {
			const { result, res } = run(node, { headers: { ...auth, 'content-type': contentType }, body });
			expect(await result).toEqual({ noWebhookResponse: true });
			expect(res.statusCode).toBe(415);
			expect(JSON.parse(res.body ?? '')).toEqual({ message: 'Content-Type must be application/json' });
		},
	);

	test('the content type is checked after authentication, so a stranger learns nothing', async () => {
		const { result, res } = run(node, { headers: { 'content-type': 'text/plain' }, body });
		await result;
		expect(res.statusCode).toBe(401);
	});

	test('an empty body is 400', async () => {
		const { result, res } = run(node, { headers: auth, body: {} });
		await result;
		expect(res.statusCode).toBe(400);
	});

	test('a valid request starts one item without the secret, and lets n8n acknowledge it', async () => {
		const { result, res } = run(node, { headers: auth, body, params: { customerId: 'acme' } });
		const data = await result;
		expect(data.noWebhookResponse).toBeUndefined();
		const item = data.workflowData?.[0][0].json as IDataObject;
		expect(item).toMatchObject({ ...body, customerId: 'acme' });
		expect(item.normalized).toMatchObject({ vendor: 'm8com' });
		expect(Date.parse(item.receivedAt as string)).not.toBeNaN();
		expect(JSON.stringify(item)).not.toContain('s3cret');
		expect(res.body).toBeUndefined();
	});
});

describe('M8Com Call Log Trigger options', () => {
	const node = new M8ComCallLogTrigger();

	test('a call type not selected is acknowledged with 200 and starts nothing', async () => {
		const { result, res } = run(node, { headers: auth, body: CONTACT_CALLED_SUPPORT }, { settings: { callTypes: ['Inbound'] } });
		expect(await result).toEqual({ noWebhookResponse: true });
		expect(res.statusCode).toBe(200);
		expect(JSON.parse(res.body ?? '')).toEqual({ message: 'Ignored: call type not selected' });
	});

	test('a call shorter than the minimum is acknowledged with 200 and starts nothing', async () => {
		const { result, res } = run(node, { headers: auth, body: CONTACT_CALLED_SUPPORT }, { settings: { minDurationSeconds: 600 } });
		expect(await result).toEqual({ noWebhookResponse: true });
		expect(JSON.parse(res.body ?? '')).toEqual({ message: 'Ignored: call shorter than 600 seconds' });
	});

	test('the parsed sections are in the item; without a customer in the path customerId is null', async () => {
		const data = await run(node, { headers: auth, body: CONTACT_CALLED_SUPPORT }).result;
		const item = data.workflowData?.[0][0].json as IDataObject;
		expect(item.customerId).toBeNull();
		expect(item.sections).toMatchObject({ agent: 'erik@acme.example', summary: 'The customer asked about the renewal.' });
		expect(item.normalized).toMatchObject({ direction: 'inbound' });
	});
});

describe('M8Com Recording Trigger filters and downloads', () => {
	const node = new M8ComRecordingTrigger();
	// n8n's egress filter resolves host names (lib/outboundUrl.ts); here every host is a public address, and the
	// files themselves come from the httpRequest stand-in.
	const publicDns = {
		getSecureEgressFilter: () => ({
			createSecureLookup: () => (_host: string, _options: unknown, callback: (error: Error | null, addresses: unknown) => void) =>
				callback(null, [{ address: '93.184.216.34', family: 4 }]),
		}),
	};
	const files = {
		...publicDns,
		async httpRequest(options: { url: string }) {
			if (options.url.includes('expired')) throw Object.assign(new Error('gone'), { response: { status: 410 } });
			return { body: Buffer.from(`bytes of ${options.url}`), headers: { 'content-type': 'audio/mpeg' }, statusCode: 200 };
		},
		async prepareBinaryData(data: Buffer, fileName?: string, mimeType?: string) {
			return { data: data.toString('base64'), fileName, mimeType };
		},
	};

	test('a personal recording is acknowledged without a run when only answer groups are wanted', async () => {
		const { result, res } = run(node, { headers: auth, body: PERSONAL_RECORDING }, { recordingsFrom: ['answerGroup'] });
		expect(await result).toEqual({ noWebhookResponse: true });
		expect(res.statusCode).toBe(200);
		expect(JSON.parse(res.body ?? '')).toEqual({ message: 'Ignored: user recordings not selected' });
	});

	test('a recording of another answer group, or another user, starts nothing', async () => {
		const other = run(node, { headers: auth, body: SUPPORT_RECORDING }, { answerGroups: 'Sales' });
		expect(await other.result).toEqual({ noWebhookResponse: true });
		const user = run(node, { headers: auth, body: SUPPORT_RECORDING }, { users: 'u-anna' });
		expect(await user.result).toEqual({ noWebhookResponse: true });
		expect(JSON.parse(user.res.body ?? '')).toEqual({ message: 'Ignored: user not selected' });
	});

	test('without "Download Recordings" nothing is fetched and the URLs are in the item', async () => {
		const data = await run(node, { headers: auth, body: SUPPORT_RECORDING }, {}, { httpRequest: () => { throw new Error('no'); } }).result;
		expect(data.workflowData?.[0][0].binary).toBeUndefined();
		expect(data.workflowData?.[0][0].json.fileUrls).toEqual(SUPPORT_RECORDING.fileUrls);
	});

	test('with "Download Recordings" every file is attached before the workflow starts', async () => {
		const data = await run(node, { headers: auth, body: SUPPORT_RECORDING }, { downloadRecordings: true }, files).result;
		const binary = data.workflowData?.[0][0].binary ?? {};
		expect(Object.keys(binary)).toEqual(['recording0', 'recording1']);
		expect(binary.recording0).toMatchObject({ fileName: '987654-a.mp3', mimeType: 'audio/mpeg' });
	});

	test('a failed download answers 502 so M8Com retries, and starts nothing', async () => {
		const body = { ...SUPPORT_RECORDING, fileUrls: ['https://files.m8com.example/expired.mp3'] };
		const { result, res } = run(node, { headers: auth, body }, { downloadRecordings: true }, files);
		expect(await result).toEqual({ noWebhookResponse: true });
		expect(res.statusCode).toBe(502);
		expect(JSON.parse(res.body ?? '')).toEqual({ message: 'Could not download recording 1 of 1 (HTTP 410)' });
	});

	test('the field prefix option names the binary fields', async () => {
		const data = await run(
			node,
			{ headers: auth, body: PERSONAL_RECORDING },
			{ downloadRecordings: true, settings: { binaryPropertyPrefix: 'audio' } },
			files,
		).result;
		expect(Object.keys(data.workflowData?.[0][0].binary ?? {})).toEqual(['audio0']);
	});
});
