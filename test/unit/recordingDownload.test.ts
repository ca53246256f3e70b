/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- not shipped: n8n's rules for node code */
/** Downloading M8Com's recording files before the webhook is acknowledged, with n8n's helpers stubbed. */
import { Readable } from 'node:stream';

import type { IBinaryData, IHttpRequestOptions, IWebhookFunctions } from 'n8n-workflow';

import {
	DEFAULT_MAX_FILES,
	DEFAULT_MAX_FILE_MB,
	MAX_REDIRECTS,
	downloadOptions,
	downloadRecordings,
	fileNameFromUrl,
	type DownloadHelpers,
	type DownloadOptions,
} from '../../nodes/M8ComRecording/recordingDownload';

type Answer =
	| { body: Buffer | Readable; contentType?: string; status?: number; headers?: Record<string, string> }
	| { redirect: string; status?: number }
	| { error: unknown }
	| { hang: true };

function helpers(answers: Record<string, Answer>, lookup?: Record<string, string[]>) {
	const requests: IHttpRequestOptions[] = [];
	const looked: string[] = [];
	const stub: DownloadHelpers = {
		async httpRequest(options) {
			requests.push(options);
			const answer = answers[options.url];
			if (!answer) throw new Error('unexpected URL');
			if ('error' in answer) throw answer.error;
			if ('hang' in answer) {
				return await new Promise((_, reject) =>
					(options.abortSignal as AbortSignal).addEventListener('abort', () => reject(Object.assign(new Error('canceled'), { code: 'ERR_CANCELED' }))),
				);
			}
			if ('redirect' in answer) return { body: Readable.from(['moved']), headers: { location: answer.redirect }, statusCode: answer.status ?? 302 };
			return { body: answer.body, headers: { 'content-type': answer.contentType, ...answer.headers }, statusCode: answer.status ?? 200 };
		},
		async prepareBinaryData(data, fileName, mimeType): Promise<IBinaryData> {
			return { data: data.toString('base64'), fileName, mimeType: mimeType ?? '' };
		},
	};
	if (lookup) {
		stub.getSecureEgressFilter = ((policy: string) => ({
			createSecureLookup: () => (host: string, _options: object, cb: (e: Error | null, r: unknown) => void) => {
				looked.push(`${policy} ${host}`);
				const addresses = lookup[host];
				if (addresses) cb(null, addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })));
				else cb(Object.assign(new Error('ENOTFOUND'), { code: 'ENOTFOUND' }), []);
			},
		})) as unknown as IWebhookFunctions['helpers']['getSecureEgressFilter'];
	}
	return { stub, requests, looked };
}

const A = 'https://files.m8com.example/rec/1-a.mp3?token=SECRET-TOKEN';
const B = 'https://files.m8com.example/rec/1-b.wav';
const options: DownloadOptions = downloadOptions({ downloadTimeoutSeconds: 5 });
const MB = 1024 * 1024;

describe('downloadRecordings', () => {
	test('fetches every file, as binary fields recording0, recording1, with names and types', async () => {
		const { stub, requests } = helpers({
			[A]: { body: Buffer.from('mp3 bytes'), contentType: 'audio/mpeg' },
			[B]: { body: Readable.from([Buffer.from('wav '), Buffer.from('bytes')]), contentType: 'audio/wav; charset=binary' },
		});
		const result = await downloadRecordings(stub, [A, B], options);
		expect(result).toEqual({
			ok: true,
			binary: {
				recording0: { data: Buffer.from('mp3 bytes').toString('base64'), fileName: '1-a.mp3', mimeType: 'audio/mpeg' },
				recording1: { data: Buffer.from('wav bytes').toString('base64'), fileName: '1-b.wav', mimeType: 'audio/wav' },
			},
		});
		// Streamed, n8n does not follow redirects itself, non-2xx answers come back as answers.
		expect(requests.map((r) => [r.url, r.encoding, r.timeout, r.returnFullResponse, r.disableFollowRedirect, r.ignoreHttpStatusErrors])).toEqual([
			[A, 'stream', 5000, true, true, true],
			[B, 'stream', 5000, true, true, true],
		]);
		expect(requests.every((r) => r.abortSignal instanceof AbortSignal)).toBe(true);
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
		const { stub } = helpers({ [A]: { body: Buffer.from('x') }, [B]: { body: Readable.from(['gone']), status: 410 } });
		const result = await downloadRecordings(stub, [A, B], options);
		expect(result).toEqual({ ok: false, statusCode: 502, message: 'Could not download recording 2 of 2 (HTTP 410)' });
		expect(JSON.stringify(result)).not.toContain('SECRET-TOKEN');
	});

	test('a thrown HTTP error (older n8n, or a stand-in) is mapped the same way', async () => {
		const { stub } = helpers({ [A]: { error: Object.assign(new Error('Request failed with status code 410'), { response: { status: 410 } }) } });
		expect(await downloadRecordings(stub, [A], options)).toEqual({ ok: false, statusCode: 502, message: 'Could not download recording 1 of 1 (HTTP 410)' });
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

	test('the whole download is bounded by the timeout: a server that never answers is cut off (504)', async () => {
		const { stub } = helpers({ [A]: { hang: true } });
		const started = Date.now();
		expect(await downloadRecordings(stub, [A], { ...options, timeoutMs: 200 })).toMatchObject({ statusCode: 504 });
		expect(Date.now() - started).toBeLessThan(2000);
	});

	test('a body that stops arriving is cut off at the timeout (504)', async () => {
		const stalled = new Readable({ read() {} });
		stalled.push('the first bytes');
		const { stub } = helpers({ [A]: { body: stalled } });
		const started = Date.now();
		expect(await downloadRecordings(stub, [A], { ...options, timeoutMs: 200 })).toMatchObject({ statusCode: 504 });
		expect(Date.now() - started).toBeLessThan(2000);
		expect(stalled.destroyed).toBe(true);
	});

	test.each([['ftp://files.m8com.example/x.mp3'], ['file:///etc/passwd'], ['not a url']])(
		'a file URL that is not http(s) (%p) is refused with 400 before anything is fetched',
		async (url) => {
			const { stub, requests } = helpers({ [A]: { body: Buffer.from('x') } });
			expect(await downloadRecordings(stub, [A, url], options)).toEqual({
				ok: false,
				statusCode: 400,
				message: 'Recording 2 of 2 is not an http(s) URL',
			});
			expect(requests).toEqual([]);
		},
	);
});

describe('downloadRecordings: server-side fetches stay outside', () => {
	test.each([
		['http://127.0.0.1:5678/rest/settings', 'loopback'],
		['http://0x7f000001/x.mp3', 'loopback'],
		['http://[::1]/x.mp3', 'loopback'],
		['http://[::ffff:127.0.0.1]/x.mp3', 'loopback'],
		['http://169.254.169.254/latest/meta-data/iam/security-credentials/', 'cloud metadata'],
		['http://10.0.0.1/x.mp3', 'private'],
		['http://100.64.0.1/x.mp3', 'shared (carrier-grade NAT)'],
		['http://[fd00::1]/x.mp3', 'unique-local'],
		['http://0.0.0.0:5678/x.mp3', 'unspecified'],
	])('%s is refused with 400 before anything is fetched, without echoing the URL', async (url, range) => {
		const { stub, requests } = helpers({ [A]: { body: Buffer.from('x') } });
		const result = await downloadRecordings(stub, [A, `${url}?token=SECRET-TOKEN`], options);
		expect(result).toEqual({
			ok: false,
			statusCode: 400,
			message: `Recording 2 of 2 points into a private or local network (${range}); see "Allow Private Network Addresses"`,
		});
		expect(requests).toEqual([]);
		expect(JSON.stringify(result)).not.toMatch(/SECRET-TOKEN|127\.0|169\.254|\[::|10\.0/);
	});

	test('a host name is judged by its resolved addresses (n8n\'s egress filter, SSRF rules enforced)', async () => {
		const { stub, requests, looked } = helpers({ [A]: { body: Buffer.from('x') } }, { 'files.m8com.example': ['93.184.216.34'], 'rebind.example.com': ['93.184.216.35', '127.0.0.1'] });
		expect(await downloadRecordings(stub, [A], options)).toMatchObject({ ok: true });
		expect(looked).toEqual(['enforced files.m8com.example']);
		expect(await downloadRecordings(stub, [A, 'https://rebind.example.com/x.mp3'], options)).toEqual({
			ok: false,
			statusCode: 400,
			message: 'Recording 2 of 2 points into a private or local network (loopback); see "Allow Private Network Addresses"',
		});
		expect(await downloadRecordings(stub, ['https://gone.example.com/x.mp3'], options)).toEqual({ ok: false, statusCode: 502, message: 'Could not download recording 1 of 1 (host not found)' });
		expect(requests).toHaveLength(1);
	});

	test('the opt-in for a self-hosted file server fetches private addresses', async () => {
		const url = 'http://127.0.0.1:9000/rec/1.mp3';
		const { stub, requests } = helpers({ [url]: { body: Buffer.from('x'), contentType: 'audio/mpeg' } });
		expect(await downloadRecordings(stub, [url], downloadOptions({ allowPrivateAddresses: true }))).toMatchObject({ ok: true, binary: { recording0: { fileName: '1.mp3' } } });
		expect(requests.map((r) => r.url)).toEqual([url]);
	});

	test('with a host list, other hosts are refused before anything is fetched', async () => {
		const { stub, requests } = helpers({ [A]: { body: Buffer.from('x') } });
		const listed = downloadOptions({ allowedHosts: 'files.m8com.example' });
		expect(await downloadRecordings(stub, [A], listed)).toMatchObject({ ok: true });
		expect(await downloadRecordings(stub, [A, 'https://elsewhere.example/x.mp3'], listed)).toEqual({
			ok: false,
			statusCode: 400,
			message: 'Recording 2 of 2 is not on a host in "Only These File Hosts"',
		});
		expect(requests).toHaveLength(1);
	});

	test(`at most ${DEFAULT_MAX_FILES} files by default: 5,000 URLs are refused with 400 and nothing is fetched`, async () => {
		const { stub, requests } = helpers({});
		const many = Array.from({ length: 5000 }, (_, i) => `https://files.m8com.example/rec/${i}.mp3`);
		expect(await downloadRecordings(stub, many, options)).toEqual({
			ok: false,
			statusCode: 400,
			message: 'The recording has 5000 files; at most 10 are downloaded (see "Max Files per Recording")',
		});
		expect(await downloadRecordings(stub, many.slice(0, 11), options)).toMatchObject({ statusCode: 400 });
		expect(requests).toEqual([]);
	});

	test('exactly the maximum is downloaded, at most 3 at a time', async () => {
		const urls = Array.from({ length: 10 }, (_, i) => `https://files.m8com.example/rec/${i}.mp3`);
		let running = 0;
		let most = 0;
		const stub: DownloadHelpers = {
			async httpRequest() {
				running++;
				most = Math.max(most, running);
				await new Promise((r) => setTimeout(r, 20));
				running--;
				return { body: Buffer.from('x'), headers: {}, statusCode: 200 };
			},
			prepareBinaryData: async (_data, fileName) => ({ data: '', fileName, mimeType: '' }),
		};
		const result = await downloadRecordings(stub, urls, options);
		expect(result.ok && Object.keys(result.binary)).toEqual(urls.map((_, i) => `recording${i}`));
		expect(most).toBe(3);
	});

	test('after a failure no further download starts', async () => {
		const urls = Array.from({ length: 10 }, (_, i) => `https://files.m8com.example/rec/${i}.mp3`);
		const { stub, requests } = helpers(Object.fromEntries(urls.map((url, i) => [url, i === 0 ? { body: Buffer.from('x'), status: 404 } : { body: Buffer.from('x') }])));
		expect(await downloadRecordings(stub, urls, options)).toEqual({ ok: false, statusCode: 502, message: 'Could not download recording 1 of 10 (HTTP 404)' });
		expect(requests.length).toBeLessThanOrEqual(3);
	});

	test('the maximum file count is the user\'s option', async () => {
		const urls = [A, B];
		expect(await downloadRecordings(helpers({}).stub, urls, downloadOptions({ maxFiles: 1 }))).toMatchObject({ statusCode: 400, message: expect.stringContaining('at most 1 are') });
	});
});

describe('downloadRecordings: size limit', () => {
	const small = downloadOptions({ maxFileSizeMb: 1 });

	test(`${DEFAULT_MAX_FILE_MB} MB per file by default`, () => {
		expect(options.maxFileBytes).toBe(DEFAULT_MAX_FILE_MB * MB);
	});

	test('a file announced larger than the limit is refused (502) without reading it', async () => {
		const body = new Readable({ read() {} });
		const { stub } = helpers({ [A]: { body, headers: { 'content-length': String(2 * MB) } } });
		expect(await downloadRecordings(stub, [A], small)).toEqual({ ok: false, statusCode: 502, message: 'Recording 1 of 1 is larger than 1 MB (see "Max File Size")' });
		expect(body.destroyed).toBe(true);
	});

	test('a file that grows past the limit while streaming (no or a false length) is cut off at the limit', async () => {
		let produced = 0;
		const endless = new Readable({
			read() {
				produced += 64 * 1024;
				this.push(Buffer.alloc(64 * 1024));
			},
		});
		const { stub } = helpers({ [A]: { body: endless, headers: { 'content-length': '10' } } });
		expect(await downloadRecordings(stub, [A], small)).toMatchObject({ statusCode: 502, message: 'Recording 1 of 1 is larger than 1 MB (see "Max File Size")' });
		expect(endless.destroyed).toBe(true);
		expect(produced).toBeLessThan(2 * MB);
	});

	test('a file of exactly the limit is kept; a buffered body over it is refused', async () => {
		const { stub } = helpers({ [A]: { body: Readable.from([Buffer.alloc(MB)]) }, [B]: { body: Buffer.alloc(MB + 1) } });
		expect(await downloadRecordings(stub, [A], small)).toMatchObject({ ok: true });
		expect(await downloadRecordings(stub, [B], small)).toMatchObject({ ok: false, statusCode: 502 });
	});
});

describe('downloadRecordings: redirects', () => {
	const C = 'https://cdn.m8com.example/signed/1-a.mp3';

	test('a redirect to an allowed public host is followed, and the file keeps the name of the URL M8Com sent', async () => {
		const { stub, requests } = helpers({ [A]: { redirect: C }, [C]: { body: Buffer.from('mp3'), contentType: 'audio/mpeg' } });
		expect(await downloadRecordings(stub, [A], options)).toMatchObject({ ok: true, binary: { recording0: { fileName: '1-a.mp3', mimeType: 'audio/mpeg' } } });
		expect(requests.map((r) => r.url)).toEqual([A, C]);
	});

	test('a relative Location is resolved against the URL that answered', async () => {
		const { stub, requests } = helpers({ [A]: { redirect: '/rec/moved.mp3', status: 307 }, 'https://files.m8com.example/rec/moved.mp3': { body: Buffer.from('x') } });
		expect(await downloadRecordings(stub, [A], options)).toMatchObject({ ok: true });
		expect(requests[1].url).toBe('https://files.m8com.example/rec/moved.mp3');
	});

	test.each([
		['http://127.0.0.1:5678/rest/settings', 'points into a private or local network (loopback); see "Allow Private Network Addresses"'],
		['http://169.254.169.254/latest/meta-data/', 'points into a private or local network (cloud metadata); see "Allow Private Network Addresses"'],
		['http://[::ffff:a9fe:a9fe]/', 'points into a private or local network (cloud metadata); see "Allow Private Network Addresses"'],
		['file:///etc/passwd', 'is not an http(s) URL'],
	])('a redirect to %s is refused (502) and never fetched', async (target, why) => {
		const { stub, requests } = helpers({ [A]: { redirect: target } });
		expect(await downloadRecordings(stub, [A], options)).toEqual({ ok: false, statusCode: 502, message: `Could not download recording 1 of 1: its redirect ${why}` });
		expect(requests.map((r) => r.url)).toEqual([A]);
	});

	test('a redirect to a host whose name resolves into a private network is refused', async () => {
		const { stub, requests } = helpers({ [A]: { redirect: 'https://internal.example.com/x' } }, { 'files.m8com.example': ['93.184.216.34'], 'internal.example.com': ['10.0.0.8'] });
		expect(await downloadRecordings(stub, [A], options)).toMatchObject({ statusCode: 502, message: expect.stringContaining('its redirect points into a private or local network (private)') });
		expect(requests).toHaveLength(1);
	});

	test('a redirect leaving the host list is refused, even with the opt-in', async () => {
		const { stub } = helpers({ [A]: { redirect: 'https://elsewhere.example/x' } });
		expect(await downloadRecordings(stub, [A], downloadOptions({ allowedHosts: 'files.m8com.example', allowPrivateAddresses: true }))).toEqual({
			ok: false,
			statusCode: 502,
			message: 'Could not download recording 1 of 1: its redirect is not on a host in "Only These File Hosts"',
		});
	});

	test(`at most ${MAX_REDIRECTS} redirects are followed`, async () => {
		const hop = (i: number) => `https://files.m8com.example/hop/${i}`;
		const chain = (length: number) => ({
			...Object.fromEntries(Array.from({ length }, (_, i) => [i === 0 ? A : hop(i), { redirect: hop(i + 1) }])),
			[hop(length)]: { body: Buffer.from('x') },
		});
		expect(await downloadRecordings(helpers(chain(MAX_REDIRECTS)).stub, [A], options)).toMatchObject({ ok: true });
		const { stub, requests } = helpers(chain(MAX_REDIRECTS + 1));
		expect(await downloadRecordings(stub, [A], options)).toEqual({ ok: false, statusCode: 502, message: `Could not download recording 1 of 1 (more than ${MAX_REDIRECTS} redirects)` });
		expect(requests).toHaveLength(MAX_REDIRECTS + 1);
	});

	test('a redirect loop ends at the limit', async () => {
		const { stub, requests } = helpers({ [A]: { redirect: A } });
		expect(await downloadRecordings(stub, [A], options)).toMatchObject({ statusCode: 502 });
		expect(requests).toHaveLength(MAX_REDIRECTS + 1);
	});

	test('a 3xx without a Location is a failed download; an invalid Location too', async () => {
		const { stub } = helpers({ [A]: { body: Buffer.from(''), status: 304 }, [B]: { redirect: 'http://[bad' } });
		expect(await downloadRecordings(stub, [A], options)).toEqual({ ok: false, statusCode: 502, message: 'Could not download recording 1 of 1 (HTTP 304)' });
		expect(await downloadRecordings(stub, [B], options)).toEqual({ ok: false, statusCode: 502, message: 'Could not download recording 1 of 1 (a redirect to an invalid URL)' });
	});
});

describe('downloadRecordings: n8n\'s own SSRF protection', () => {
	const blocked = () => Object.assign(new Error('The request was blocked because it resolves to a restricted IP address'), { name: 'SsrfBlockedIpError' });

	test('a URL n8n refuses (N8N_SSRF_PROTECTION_ENABLED) is 400, without n8n\'s message (it names the address)', async () => {
		const url = 'http://10.0.0.9/x.mp3';
		const { stub } = helpers({ [url]: { error: blocked() } });
		expect(await downloadRecordings(stub, [url], downloadOptions({ allowPrivateAddresses: true }))).toEqual({
			ok: false,
			statusCode: 400,
			message: 'Could not download recording 1 of 1 (blocked by n8n\'s SSRF protection)',
		});
	});

	test('a redirect hop n8n refuses is 502', async () => {
		const next = 'http://10.0.0.9/x.mp3';
		const { stub } = helpers({ [A]: { redirect: next }, [next]: { error: blocked() } });
		expect(await downloadRecordings(stub, [A], downloadOptions({ allowPrivateAddresses: true }))).toMatchObject({ statusCode: 502, message: expect.stringContaining('SSRF') });
	});
});

describe('downloadRecordings: answers stay short', () => {
	test('the longest refusals are under 200 characters and name neither the URL nor the address', async () => {
		const urls = Array.from({ length: 100 }, (_, i) => (i === 99 ? 'http://[::ffff:100.64.0.1]/x?token=SECRET-TOKEN' : `https://files.m8com.example/rec/${i}.mp3`));
		const { stub } = helpers(Object.fromEntries(urls.map((url) => [url, { redirect: 'http://100.64.0.1/?token=SECRET-TOKEN' }])), {
			'files.m8com.example': ['93.184.216.34'],
		});
		const first = await downloadRecordings(stub, urls, downloadOptions({ maxFiles: 100 }));
		const redirect = await downloadRecordings(stub, urls.slice(98, 99), downloadOptions({ maxFiles: 100 }));
		const tooMany = await downloadRecordings(stub, Array(99_999).fill(urls[0]), options);
		for (const result of [first, redirect, tooMany]) {
			expect(result.ok).toBe(false);
			const message = result.ok ? '' : result.message;
			expect(message.length).toBeLessThanOrEqual(200);
			expect(message).not.toMatch(/SECRET|100\.64|files\.m8com/);
		}
		expect(first).toMatchObject({ message: 'Recording 100 of 100 points into a private or local network (shared (carrier-grade NAT)); see "Allow Private Network Addresses"' });
	});
});

describe('downloadOptions', () => {
	test('the editor\'s settings, with documented defaults', () => {
		expect(downloadOptions({})).toEqual({
			timeoutMs: 60_000,
			propertyPrefix: 'recording',
			maxFiles: 10,
			maxFileBytes: 100 * MB,
			policy: { allowPrivateAddresses: false, allowedHosts: [] },
		});
		expect(
			downloadOptions({ downloadTimeoutSeconds: 2, binaryPropertyPrefix: 'audio', maxFiles: 3, maxFileSizeMb: 5, allowPrivateAddresses: true, allowedHosts: 'a.example, B.example' }),
		).toEqual({ timeoutMs: 2000, propertyPrefix: 'audio', maxFiles: 3, maxFileBytes: 5 * MB, policy: { allowPrivateAddresses: true, allowedHosts: ['a.example', 'b.example'] } });
	});
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
