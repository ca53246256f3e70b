/** Downloading M8Com's recording files before the webhook is acknowledged, with n8n's helpers stubbed. */
import type { IBinaryData, IHttpRequestOptions } from 'n8n-workflow';

import { downloadRecordings, fileNameFromUrl, type DownloadHelpers } from '../../nodes/M8ComRecording/recordingDownload';

type Answer = { body: Buffer; contentType?: string } | { error: unknown };

function helpers(answers: Record<string, Answer>) {
	const requests: IHttpRequestOptions[] = [];
	const stub: DownloadHelpers = {
		async httpRequest(options) {
			requests.push(options);
			const answer = answers[options.url];
			if (!answer) throw new Error('unexpected URL');
			if ('error' in answer) throw answer.error;
			return { body: answer.body, headers: { 'content-type': answer.contentType }, statusCode: 200 };
		},
		async prepareBinaryData(data, fileName, mimeType): Promise<IBinaryData> {
			return { data: data.toString('base64'), fileName, mimeType: mimeType ?? '' };
		},
	};
	return { stub, requests };
}

const A = 'https://files.m8com.example/rec/1-a.mp3?token=SECRET-TOKEN';
const B = 'https://files.m8com.example/rec/1-b.wav';
const options = { timeoutMs: 5000, propertyPrefix: 'recording' };

describe('downloadRecordings', () => {
	test('fetches every file, as binary fields recording0, recording1, with names and types', async () => {
		const { stub, requests } = helpers({
			[A]: { body: Buffer.from('mp3 bytes'), contentType: 'audio/mpeg' },
			[B]: { body: Buffer.from('wav bytes'), contentType: 'audio/wav; charset=binary' },
		});
		const result = await downloadRecordings(stub, [A, B], options);
		expect(result).toEqual({
			ok: true,
			binary: {
				recording0: { data: Buffer.from('mp3 bytes').toString('base64'), fileName: '1-a.mp3', mimeType: 'audio/mpeg' },
				recording1: { data: Buffer.from('wav bytes').toString('base64'), fileName: '1-b.wav', mimeType: 'audio/wav' },
			},
		});
		expect(requests.map((r) => [r.url, r.encoding, r.timeout, r.returnFullResponse])).toEqual([
			[A, 'arraybuffer', 5000, true],
			[B, 'arraybuffer', 5000, true],
		]);
	});

	test('a file without a content type is application/octet-stream; the prefix is configurable', async () => {
		const { stub } = helpers({ [B]: { body: Buffer.from('x') } });
		const result = await downloadRecordings(stub, [B], { ...options, propertyPrefix: 'audio' });
		expect(result.ok && result.binary.audio0.mimeType).toBe('application/octet-stream');
	});

	test('no file URLs: nothing to download', async () => {
		expect(await downloadRecordings(helpers({}).stub, [], options)).toEqual({ ok: true, binary: {} });
	});

	test('an expired URL (HTTP 410 from the file server) fails the request with 502, without the URL or its token', async () => {
		const { stub } = helpers({
			[A]: { body: Buffer.from('x') },
			[B]: { error: Object.assign(new Error('Request failed with status code 410'), { response: { status: 410 } }) },
		});
		const result = await downloadRecordings(stub, [A, B], options);
		expect(result).toEqual({ ok: false, statusCode: 502, message: 'Could not download recording 2 of 2 (HTTP 410)' });
		expect(JSON.stringify(result)).not.toContain('SECRET-TOKEN');
	});

	test('n8n\'s wrapped errors carry the status as httpCode', async () => {
		const { stub } = helpers({ [A]: { error: { httpCode: '403', message: 'Forbidden' } } });
		expect(await downloadRecordings(stub, [A], options)).toMatchObject({ statusCode: 502, message: 'Could not download recording 1 of 1 (HTTP 403)' });
	});

	test('a refused connection fails with 502 "no answer"', async () => {
		const { stub } = helpers({ [A]: { error: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) } });
		expect(await downloadRecordings(stub, [A], options)).toMatchObject({ statusCode: 502, message: 'Could not download recording 1 of 1 (no answer)' });
	});

	test.each([
		[Object.assign(new Error('timeout of 5000ms exceeded'), { code: 'ECONNABORTED' })],
		[Object.assign(new Error('socket hang up'), { code: 'ETIMEDOUT' })],
		[{ message: 'x', cause: { code: 'ETIMEDOUT' } }],
	])('a download slower than the timeout fails with 504 (%p)', async (error) => {
		const { stub } = helpers({ [A]: { error } });
		expect(await downloadRecordings(stub, [A], options)).toEqual({
			ok: false,
			statusCode: 504,
			message: 'Timed out downloading recording 1 of 1',
		});
	});

	test.each([['ftp://files.m8com.example/x.mp3'], ['file:///etc/passwd'], ['not a url']])(
		'a file URL that is not http(s) (%p) is refused with 400 before anything is fetched',
		async (url) => {
			const { stub, requests } = helpers({});
			expect(await downloadRecordings(stub, [url], options)).toEqual({
				ok: false,
				statusCode: 400,
				message: 'Recording 1 of 1 is not an http(s) URL',
			});
			expect(requests).toEqual([]);
		},
	);
});

describe('fileNameFromUrl', () => {
	test.each([
		[A, '1-a.mp3'],
		['https://x.example/a%20b.mp3', 'a b.mp3'],
		['https://x.example/', 'fallback'],
		['nonsense', 'fallback'],
	])('%s → %s', (url, name) => {
		expect(fileNameFromUrl(url, 'fallback')).toBe(name);
	});
});
