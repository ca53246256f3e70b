/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- not shipped: n8n's rules for node code */
/**
 * The seam between the triggers and n8n's internals (lib/n8nWebhookSeam.ts): the raw-body parameter and reading a
 * body within a limit — from a real Node HTTP server too, as n8n hands the request to a webhook.
 */
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PassThrough, Readable } from 'node:stream';
import { gzipSync, deflateSync } from 'node:zlib';

import type { IWebhookFunctions } from 'n8n-workflow';

import {
	BODY_TRIGGER_VERSION,
	QUERY_TRIGGER_VERSIONS,
	RAW_BODY_PROPERTY,
	SETTINGS_COLLECTION,
	describeBytes,
	readRequestBody,
	readSettings,
} from '../../lib/n8nWebhookSeam';
import { rejectRequest } from '../../lib/webhookResponse';

type Request = ReturnType<IWebhookFunctions['getRequestObject']>;

/** A request as n8n hands it over for a body trigger: an unread stream with headers. */
function streamRequest(chunks: Array<Buffer | string>, headers: Record<string, string> = {}) {
	return Object.assign(Readable.from(chunks.map((c) => Buffer.from(c))), { headers }) as unknown as Request & { rawBody?: Buffer };
}

const KB = 1024;

describe('what the seam declares', () => {
	test('body triggers stay at version 1, where n8n honours options.binaryData; query triggers default to 1.1', () => {
		expect(BODY_TRIGGER_VERSION).toBe(1);
		expect(QUERY_TRIGGER_VERSIONS).toEqual({ version: [1, 1.1], defaultVersion: 1.1 });
	});

	test('the raw-body parameter is the hidden options.binaryData = true that n8n reads for version-1 webhook nodes', () => {
		expect(RAW_BODY_PROPERTY).toEqual({ displayName: 'Raw Body', name: 'options', type: 'hidden', default: { binaryData: true } });
	});

	test('user options of body triggers are stored as "settings" and shown as "Options"', () => {
		expect(SETTINGS_COLLECTION).toMatchObject({ displayName: 'Options', name: 'settings', type: 'collection', default: {} });
		const getNodeParameter = jest.fn().mockReturnValue({ maxAgeMinutes: 5 });
		expect(readSettings({ getNodeParameter } as unknown as IWebhookFunctions)).toEqual({ maxAgeMinutes: 5 });
		expect(getNodeParameter).toHaveBeenCalledWith('settings', {});
	});

	test('limits are named in KB or whole MB', () => {
		expect(describeBytes(64 * KB)).toBe('64 KB');
		expect(describeBytes(1024 * KB)).toBe('1 MB');
		expect(describeBytes(1536 * KB)).toBe('1536 KB');
	});
});

describe('readRequestBody, from the stream n8n leaves unread', () => {
	test('reads the bytes and keeps them as req.rawBody, where n8n keeps them', async () => {
		const req = streamRequest(['{"a":', '1}']);
		expect(await readRequestBody(req, KB)).toEqual({ ok: true, raw: Buffer.from('{"a":1}') });
		expect(req.rawBody).toEqual(Buffer.from('{"a":1}'));
	});

	test('a body of exactly the limit is read; one byte more is 413 with Connection: close', async () => {
		expect(await readRequestBody(streamRequest(['x'.repeat(KB)]), KB)).toMatchObject({ ok: true });
		expect(await readRequestBody(streamRequest(['x'.repeat(KB + 1)]), KB)).toEqual({
			ok: false,
			statusCode: 413,
			message: 'The body is larger than 1 KB',
			headers: { connection: 'close' },
		});
	});

	test('a declared Content-Length over the limit is refused before a byte is read', async () => {
		const req = streamRequest(['small'], { 'content-length': String(KB + 1) });
		const read = jest.spyOn(req, 'on');
		expect(await readRequestBody(req, KB)).toMatchObject({ ok: false, statusCode: 413 });
		expect(read).not.toHaveBeenCalled();
	});

	test('a body without a length stops being read as soon as it passes the limit', async () => {
		const stream = new PassThrough();
		const req = Object.assign(stream, { headers: { 'transfer-encoding': 'chunked' } }) as unknown as Request;
		const result = readRequestBody(req, 4 * KB);
		let settled = false;
		void result.then(() => (settled = true));
		let chunks = 0;
		while (!settled && chunks < 100) {
			stream.write(Buffer.alloc(KB + 1));
			chunks++;
			await new Promise((resolve) => setImmediate(resolve));
		}
		// The limit was passed with the fourth chunk; the answer does not wait for the sender to finish.
		expect(chunks).toBe(4);
		expect(await result).toMatchObject({ ok: false, statusCode: 413 });
		stream.end();
	});

	test('a stream that fails or closes before its end is 400', async () => {
		const failing = new PassThrough();
		const failed = readRequestBody(Object.assign(failing, { headers: {} }) as unknown as Request, KB);
		failing.destroy(new Error('aborted'));
		expect(await failed).toEqual({ ok: false, statusCode: 400, message: 'The body could not be read' });

		const closing = new PassThrough();
		const closed = readRequestBody(Object.assign(closing, { headers: {} }) as unknown as Request, KB);
		closing.write('{"partial":');
		closing.destroy();
		expect(await closed).toMatchObject({ ok: false, statusCode: 400 });
	});

	test.each([
		['gzip', gzipSync],
		['deflate', deflateSync],
	] as const)('a %s body is decoded as n8n decodes it, the limit applying to the decoded size', async (encoding, compress) => {
		const text = JSON.stringify({ note: 'ö'.repeat(100) });
		expect(await readRequestBody(streamRequest([compress(text)], { 'content-encoding': encoding }), KB)).toEqual({
			ok: true,
			raw: Buffer.from(text),
		});
		// 1 MB of zeros compresses to about 1 KB: refused once the decoded bytes pass the limit.
		const bomb = compress(Buffer.alloc(1024 * KB));
		expect(bomb.length).toBeLessThan(2 * KB);
		expect(await readRequestBody(streamRequest([bomb], { 'content-encoding': encoding }), 64 * KB)).toMatchObject({
			ok: false,
			statusCode: 413,
		});
	});

	test('a body that claims gzip but is not is 400; other encodings are left as sent, as n8n leaves them', async () => {
		expect(await readRequestBody(streamRequest(['not gzip'], { 'content-encoding': 'gzip' }), KB)).toMatchObject({
			ok: false,
			statusCode: 400,
		});
		const truncated = gzipSync('{"a":"' + 'x'.repeat(500) + '"}').subarray(0, -10);
		expect(await readRequestBody(streamRequest([truncated], { 'content-encoding': 'gzip' }), KB)).toMatchObject({
			ok: false,
			statusCode: 400,
		});
		expect(await readRequestBody(streamRequest(['as sent'], { 'content-encoding': 'br' }), KB)).toEqual({
			ok: true,
			raw: Buffer.from('as sent'),
		});
	});
});

describe('readRequestBody, when the body is not an unread stream', () => {
	test('takes req.rawBody when n8n already read it (a workflow that overrode the raw-body parameter), within the limit', async () => {
		const readRawBody = jest.fn();
		const raw = Buffer.from('{"a":1}');
		expect(await readRequestBody({ headers: {}, rawBody: raw, readRawBody } as unknown as Request, KB)).toEqual({ ok: true, raw });
		expect(readRawBody).not.toHaveBeenCalled();
		const big = { headers: {}, rawBody: Buffer.alloc(KB + 1) } as unknown as Request;
		expect(await readRequestBody(big, KB)).toMatchObject({ ok: false, statusCode: 413 });
	});

	test("uses n8n's own reader for a request that is no stream (a test stand-in), then the limit", async () => {
		const req: Record<string, unknown> = { headers: {} };
		req.readRawBody = async () => {
			req.rawBody = Buffer.from('<call/>');
		};
		expect(await readRequestBody(req as unknown as Request, KB)).toEqual({ ok: true, raw: Buffer.from('<call/>') });
		req.rawBody = undefined;
		req.readRawBody = async () => {
			req.rawBody = Buffer.alloc(KB + 1);
		};
		expect(await readRequestBody(req as unknown as Request, KB)).toMatchObject({ ok: false, statusCode: 413 });
	});

	test("n8n's reader failing with its payload-limit error is 413, with anything else 400; no reader at all is an empty body", async () => {
		const tooLarge = Object.assign(new Error('request entity too large'), { status: 413, type: 'entity.too.large' });
		const failing = (error: Error) => ({ headers: {}, readRawBody: async () => Promise.reject(error) }) as unknown as Request;
		expect(await readRequestBody(failing(tooLarge), KB)).toMatchObject({ ok: false, statusCode: 413 });
		expect(await readRequestBody(failing(Object.assign(new Error('x'), { statusCode: 413 })), KB)).toMatchObject({ statusCode: 413 });
		expect(await readRequestBody(failing(new Error('aborted')), KB)).toEqual({ ok: false, statusCode: 400, message: 'The body could not be read' });
		expect(await readRequestBody({ headers: {} } as unknown as Request, KB)).toEqual({ ok: true, raw: Buffer.alloc(0) });
	});
});

describe('readRequestBody behind a real Node HTTP server', () => {
	let server: Server;
	let port: number;
	const LIMIT = 64 * KB;

	beforeAll(async () => {
		server = createServer((req: IncomingMessage, res) => {
			void readRequestBody(req as unknown as Request, LIMIT).then((read) => {
				if (!read.ok) rejectRequest(res as never, read.statusCode, read.message, read.headers);
				else rejectRequest(res as never, 200, `read ${read.raw.length} bytes`);
			});
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		port = (server.address() as AddressInfo).port;
	});

	afterAll(async () => {
		await new Promise((resolve) => server.close(resolve));
	});

	/** Posts `total` bytes in 16 KB chunks (chunked when `declare` is false) and resolves with the answer. */
	function post(total: number, declare: boolean) {
		return new Promise<{ status: number; connection?: string; body: string; sent: number }>((resolve, reject) => {
			let sent = 0;
			const req = httpRequest({ host: '127.0.0.1', port, method: 'POST', headers: declare ? { 'content-length': total } : {} }, (res) => {
				let body = '';
				res.on('data', (chunk: Buffer) => (body += chunk.toString()));
				res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, body, sent }));
			});
			req.on('error', reject);
			const pump = () => {
				while (sent < total) {
					const size = Math.min(16 * KB, total - sent);
					sent += size;
					if (!req.write(Buffer.alloc(size, 'x'))) return void req.once('drain', pump);
				}
				req.end();
			};
			pump();
		});
	}

	test('a body within the limit is read whole, with or without Content-Length', async () => {
		expect(await post(LIMIT, true)).toMatchObject({ status: 200, body: `{"message":"read ${LIMIT} bytes"}` });
		expect(await post(LIMIT, false)).toMatchObject({ status: 200, body: `{"message":"read ${LIMIT} bytes"}` });
	});

	test('an oversized chunked upload gets 413 and a closed connection while the sender is still sending', async () => {
		const answer = await post(64 * 1024 * KB, false);
		expect(answer).toMatchObject({ status: 413, connection: 'close', body: '{"message":"The body is larger than 64 KB"}' });
		expect(answer.sent).toBeLessThan(64 * 1024 * KB);
	});

	test('an oversized declared upload gets 413 at once', async () => {
		expect(await post(LIMIT + 1, true)).toMatchObject({ status: 413, connection: 'close' });
	});
});
