/* eslint-disable @n8n/community-nodes/no-restricted-imports -- not shipped: n8n's rules for node code */
/**
 * The recording download through n8n-core 2.41.0's real `helpers.httpRequest` and egress filter (no running
 * n8n): streaming, the size cap, redirects left to us, timeouts, and n8n's own SSRF protection, against a local
 * file server on 127.0.0.1.
 */
import { createServer, type Server } from 'node:http';
import { gzipSync } from 'node:zlib';

import type { IBinaryData } from 'n8n-workflow';

import { downloadOptions, downloadRecordings, type DownloadHelpers, type DownloadSettings } from '../../nodes/M8ComRecording/recordingDownload';
import { n8nCoreRequestHelpers, setN8nSsrfProtection } from './n8nCoreHelpers';

const MB = 1024 * 1024;
let server: Server;
let base: string;
let port: number;
const requests: string[] = [];

beforeAll(async () => {
	server = createServer((req, res) => {
		requests.push(req.url ?? '');
		const url = new URL(req.url ?? '/', 'http://x');
		const size = Number(url.searchParams.get('bytes') ?? 1000);
		switch (url.pathname) {
			case '/file.mp3':
				res.writeHead(200, { 'content-type': 'audio/mpeg', 'content-length': size }).end(Buffer.alloc(size, 7));
				return;
			case '/chunked.mp3': {
				// No Content-Length: the size is only known by counting.
				res.writeHead(200, { 'content-type': 'audio/mpeg' });
				let sent = 0;
				const more = () => {
					while (sent < size && !res.destroyed) {
						sent += 64 * 1024;
						if (!res.write(Buffer.alloc(64 * 1024, 1))) return void res.once('drain', more);
					}
					res.end();
				};
				more();
				return;
			}
			case '/bomb.mp3':
				// 50 MB of zeros, gzip-compressed to ~50 KB: the limit counts what arrives after decompression.
				res.writeHead(200, { 'content-type': 'audio/mpeg', 'content-encoding': 'gzip' }).end(gzipSync(Buffer.alloc(50 * MB)));
				return;
			case '/slow.mp3':
				res.writeHead(200, { 'content-type': 'audio/mpeg' });
				res.write('the first bytes, then nothing');
				return;
			case '/redirect':
				res.writeHead(302, { location: url.searchParams.get('to') ?? '/file.mp3' }).end();
				return;
			default:
				res.writeHead(404).end();
		}
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	port = (server.address() as { port: number }).port;
	base = `http://127.0.0.1:${port}`;
});

afterAll(() => {
	server.closeAllConnections();
	server.close();
});

beforeEach(() => {
	requests.length = 0;
});

afterEach(() => setN8nSsrfProtection(false));

function n8nHelpers(): DownloadHelpers {
	return {
		...n8nCoreRequestHelpers(),
		prepareBinaryData: async (data: Buffer, fileName?: string, mimeType?: string): Promise<IBinaryData> => ({
			data: `${data.length} bytes`,
			fileName,
			mimeType: mimeType ?? '',
		}),
	};
}

const selfHosted: DownloadSettings = { allowPrivateAddresses: true, downloadTimeoutSeconds: 5 };
const download = (urls: string[], settings: DownloadSettings = selfHosted) => downloadRecordings(n8nHelpers(), urls, downloadOptions(settings));

describe('through n8n-core\'s helpers.httpRequest', () => {
	test('a file with and without a Content-Length arrives whole', async () => {
		const result = await download([`${base}/file.mp3?bytes=300000`, `${base}/chunked.mp3?bytes=655360`]);
		expect(result).toEqual({
			ok: true,
			binary: {
				recording0: { data: '300000 bytes', fileName: 'file.mp3', mimeType: 'audio/mpeg' },
				recording1: { data: '655360 bytes', fileName: 'chunked.mp3', mimeType: 'audio/mpeg' },
			},
		});
	});

	test('the size limit: an announced large file and a long stream are both cut off; a compressed bomb too', async () => {
		const small = { ...selfHosted, maxFileSizeMb: 1 };
		const message = 'Recording 1 of 1 is larger than 1 MB (see "Max File Size")';
		expect(await download([`${base}/file.mp3?bytes=${2 * MB}`], small)).toEqual({ ok: false, statusCode: 502, message });
		expect(await download([`${base}/chunked.mp3?bytes=${200 * MB}`], small)).toEqual({ ok: false, statusCode: 502, message });
		const started = Date.now();
		expect(await download([`${base}/bomb.mp3`], small)).toEqual({ ok: false, statusCode: 502, message });
		expect(Date.now() - started).toBeLessThan(3000);
		expect(await download([`${base}/file.mp3?bytes=${MB}`], small)).toMatchObject({ ok: true });
	});

	test('n8n does not follow redirects itself: each hop is requested (and checked) by the trigger', async () => {
		const result = await download([`${base}/redirect?to=${encodeURIComponent('/redirect?to=/file.mp3')}`]);
		expect(result).toMatchObject({ ok: true, binary: { recording0: { data: '1000 bytes', fileName: 'redirect' } } });
		expect(requests).toEqual(['/redirect?to=%2Fredirect%3Fto%3D%2Ffile.mp3', '/redirect?to=/file.mp3', '/file.mp3']);
	});

	test('more than 3 redirects: 502', async () => {
		let target = '/file.mp3';
		for (let i = 0; i < 4; i++) target = `/redirect?to=${encodeURIComponent(target)}`;
		expect(await download([`${base}${target}`])).toMatchObject({ statusCode: 502, message: 'Could not download recording 1 of 1 (more than 3 redirects)' });
		expect(requests).toHaveLength(4);
	});

	test('a redirect off the host list is never requested', async () => {
		const settings = { ...selfHosted, allowedHosts: '127.0.0.1' };
		const result = await download([`${base}/redirect?to=${encodeURIComponent(`http://localhost:${port}/file.mp3?via=localhost`)}`], settings);
		expect(result).toMatchObject({ statusCode: 502, message: expect.stringContaining('its redirect is not on a host in "Only These File Hosts"') });
		expect(requests.some((r) => r.includes('via=localhost'))).toBe(false);
	});

	test('a body that stops arriving is cut off at the timeout: 504', async () => {
		const started = Date.now();
		expect(await download([`${base}/slow.mp3`], { ...selfHosted, downloadTimeoutSeconds: 1 })).toEqual({ ok: false, statusCode: 504, message: 'Timed out downloading recording 1 of 1' });
		expect(Date.now() - started).toBeLessThan(3000);
	});

	test('an HTTP error answer is 502 with its status', async () => {
		expect(await download([`${base}/missing.mp3`])).toEqual({ ok: false, statusCode: 502, message: 'Could not download recording 1 of 1 (HTTP 404)' });
	});
});

describe('without the opt-in, nothing inside is fetched', () => {
	test.each([
		['127.0.0.1', (p: number) => `http://127.0.0.1:${p}/file.mp3`, 'loopback'],
		['0x7f000001', (p: number) => `http://0x7f000001:${p}/file.mp3`, 'loopback'],
		['[::ffff:127.0.0.1]', (p: number) => `http://[::ffff:127.0.0.1]:${p}/file.mp3`, 'loopback'],
		['localhost (resolved by n8n\'s egress filter, blocked by its default ranges)', (p: number) => `http://localhost:${p}/file.mp3`, 'blocked by n8n'],
	])('%s: 400, no request reaches the server', async (_, url, range) => {
		expect(await download([url(port)], { downloadTimeoutSeconds: 5 })).toEqual({
			ok: false,
			statusCode: 400,
			message: `Recording 1 of 1 points into a private or local network (${range}); see "Allow Private Network Addresses"`,
		});
		expect(requests).toEqual([]);
	});

	test('a public file server that redirects inside is stopped at the redirect', async () => {
		// The public server is simulated by the stub's first answer; the redirect target is checked by the real lookup.
		const real = n8nHelpers();
		const helpers: DownloadHelpers = {
			...real,
			httpRequest: async (options) =>
				options.url === 'https://93.184.216.34/rec/1.mp3'
					? { body: Buffer.alloc(0), headers: { location: `http://localhost:${port}/file.mp3` }, statusCode: 302 }
					: await real.httpRequest(options),
		};
		expect(await downloadRecordings(helpers, ['https://93.184.216.34/rec/1.mp3'], downloadOptions({}))).toMatchObject({
			statusCode: 502,
			message: 'Could not download recording 1 of 1: its redirect points into a private or local network (blocked by n8n); see "Allow Private Network Addresses"',
		});
		expect(requests).toEqual([]);
	});
});

describe('n8n\'s own SSRF protection (N8N_SSRF_PROTECTION_ENABLED=true) is respected', () => {
	test('the opt-in does not override it: 127.0.0.1 is refused by n8n, no request reaches the server', async () => {
		setN8nSsrfProtection(true);
		expect(await download([`${base}/file.mp3`])).toEqual({ ok: false, statusCode: 400, message: 'Could not download recording 1 of 1 (blocked by n8n\'s SSRF protection)' });
		expect(requests).toEqual([]);
		setN8nSsrfProtection(false);
		expect(await download([`${base}/file.mp3`])).toMatchObject({ ok: true });
	});
});
