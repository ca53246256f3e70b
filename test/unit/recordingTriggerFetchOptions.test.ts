/** The recording trigger's download options in the editor, and how webhook() hands them to the download. */
import type { IDataObject, INodeProperties, IWebhookFunctions } from 'n8n-workflow';

import { M8ComRecordingTrigger } from '../../nodes/M8ComRecording/M8ComRecordingTrigger.node';
import { SUPPORT_RECORDING } from '../fixtures/m8com';
import { webhookContext } from './webhookContext';

const auth = { authorization: 'Bearer s3cret' };
const node = new M8ComRecordingTrigger();

function run(fileUrls: string[], parameters: IDataObject) {
	const fetched: string[] = [];
	const helpers = {
		async httpRequest(options: { url: string }) {
			fetched.push(options.url);
			return { body: Buffer.from('mp3'), headers: { 'content-type': 'audio/mpeg' }, statusCode: 200 };
		},
		prepareBinaryData: async (data: Buffer, fileName?: string, mimeType?: string) => ({ data: data.toString('base64'), fileName, mimeType }),
	};
	const { context, res } = webhookContext(
		node,
		{ headers: { ...auth, 'content-type': 'application/json' }, body: { ...SUPPORT_RECORDING, fileUrls } },
		{ parameters: { downloadRecordings: true, ...parameters }, credentials: { m8ComWebhookApi: { secret: 's3cret' } }, helpers: helpers as unknown as Partial<IWebhookFunctions['helpers']> },
	);
	return { result: node.webhook.call(context), res, fetched };
}

describe('M8Com Recording Trigger: what the download may fetch', () => {
	const settings = node.description.properties.find((p) => p.name === 'settings') as INodeProperties & { options: INodeProperties[] };
	const option = (name: string) => settings.options.find((o) => o.name === name);

	test.each([
		['allowPrivateAddresses', false],
		['allowedHosts', ''],
		['maxFiles', 10],
		['maxFileSizeMb', 100],
	])('the option %s exists with the documented default %p, shown only with downloads on', (name, value) => {
		expect(option(name)).toMatchObject({ default: value, displayOptions: { show: { '/downloadRecordings': [true] } } });
	});

	test('without the opt-in, a file on 127.0.0.1 is 400 and nothing is fetched', async () => {
		const { result, res, fetched } = run(['http://127.0.0.1:9000/rec/1.mp3?token=T'], {});
		expect(await result).toEqual({ noWebhookResponse: true });
		expect(res.statusCode).toBe(400);
		expect(res.body).not.toContain('127.0.0.1');
		expect(fetched).toEqual([]);
	});

	test('the options reach the download: opt-in, host list, file count', async () => {
		const local = 'http://127.0.0.1:9000/rec/1.mp3';
		const optedIn = run([local], { settings: { allowPrivateAddresses: true } });
		expect((await optedIn.result).workflowData?.[0][0].binary?.recording0).toMatchObject({ fileName: '1.mp3' });
		expect(optedIn.fetched).toEqual([local]);

		const listed = run([local], { settings: { allowPrivateAddresses: true, allowedHosts: 'files.m8com.example' } });
		await listed.result;
		expect(listed.res.statusCode).toBe(400);
		expect(listed.fetched).toEqual([]);

		const tooMany = run(SUPPORT_RECORDING.fileUrls, { settings: { maxFiles: 1 } });
		await tooMany.result;
		expect(tooMany.res.statusCode).toBe(400);
		expect(tooMany.fetched).toEqual([]);
	});
});
