/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- not shipped: n8n's rules for node code */
/** The guard on a real Node HTTP response: whoever answers first wins, everything later is harmless. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { guardResponse, type PreparedAnswer } from '../../lib/responseGuard';

const FALLBACK: PreparedAnswer = { statusCode: 404, headers: { 'content-type': 'application/json' }, body: Buffer.from('{}') };

/** Serves one request with `handle`, returns what the client received. */
async function exchange(handle: (res: ServerResponse) => void | Promise<void>) {
	const server = createServer((_req: IncomingMessage, res: ServerResponse) => void handle(res));
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
	try {
		const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
		return { status: res.status, body: await res.text(), headers: res.headers };
	} finally {
		server.close();
	}
}

const tick = () => new Promise((r) => setImmediate(r));

describe('guardResponse', () => {
	test('an answer before the fallback goes through unchanged, headers and status included', async () => {
		const got = await exchange((res) => {
			const guard = guardResponse(res, FALLBACK);
			res.statusCode = 200;
			res.setHeader('content-type', 'application/json');
			(res as unknown as { setHeaders: (h: Map<string, string>) => void }).setHeaders(new Map([['x-one', '1']]));
			res.end(Buffer.from('{"displayName":"Maria"}'));
			expect(guard.sendFallback()).toBe(false);
		});
		expect(got).toMatchObject({ status: 200, body: '{"displayName":"Maria"}' });
		expect(got.headers.get('x-one')).toBe('1');
	});

	test('an explicit writeHead before end is honoured (the implicit header path is not blocked)', async () => {
		const got = await exchange((res) => {
			guardResponse(res, FALLBACK);
			res.writeHead(201, { 'x-two': '2' });
			res.end('created');
		});
		expect(got).toMatchObject({ status: 201, body: 'created' });
	});

	test('the fallback wins at the deadline; a late answer changes nothing and throws nothing', async () => {
		let late: () => void = () => undefined;
		const got = await exchange((res) => {
			const guard = guardResponse(res, FALLBACK);
			expect(guard.sendFallback()).toBe(true);
			late = () => {
				res.statusCode = 200;
				res.setHeader('content-type', 'text/plain');
				res.writeHead(200);
				res.end(Buffer.from('late'));
				res.end();
			};
		});
		expect(() => late()).not.toThrow();
		expect(got).toMatchObject({ status: 404, body: '{}' });
		expect(got.headers.get('content-type')).toBe('application/json');
	});

	test('a bare end() on an unanswered response (n8n: ended without response) sends the fallback', async () => {
		const got = await exchange((res) => {
			guardResponse(res, FALLBACK);
			res.statusCode = 200;
			res.end();
		});
		expect(got).toMatchObject({ status: 404, body: '{}' });
	});

	test('an end(callback) is a bare end too', async () => {
		const got = await exchange((res) => {
			guardResponse(res, FALLBACK);
			res.end(() => undefined);
		});
		expect(got.status).toBe(404);
	});

	test('an empty Buffer answer (a 204) is an answer, not a bare end', async () => {
		const got = await exchange((res) => {
			guardResponse(res, FALLBACK);
			res.statusCode = 204;
			res.end(Buffer.alloc(0));
		});
		expect(got).toMatchObject({ status: 204, body: '' });
	});

	test('a 204 fallback has no body', async () => {
		const got = await exchange(async (res) => {
			const guard = guardResponse(res, { statusCode: 204, headers: {}, body: Buffer.alloc(0) });
			await tick();
			guard.sendFallback();
		});
		expect(got).toMatchObject({ status: 204, body: '' });
	});

	test('a second fallback is refused', async () => {
		await exchange((res) => {
			const guard = guardResponse(res, FALLBACK);
			expect(guard.sendFallback()).toBe(true);
			expect(guard.sendFallback()).toBe(false);
		});
	});
});
