/* eslint-disable @n8n/community-nodes/no-restricted-imports -- not shipped: n8n's rules for node code */
/**
 * How the answer cache is filled: the response guard reports the answer that went out, on a real Node HTTP
 * response, the way n8n writes the respond node's answer (status, setHeaders, end(Buffer)) — and nothing else.
 */
import type { ServerResponse } from 'node:http';

import { guardResponse, type PreparedAnswer } from '../../lib/responseGuard';
import { exchange } from './httpExchange';

const FALLBACK: PreparedAnswer = { statusCode: 404, headers: { 'content-type': 'application/json' }, body: Buffer.from('{}') };
const CONTACT = Buffer.from('{"displayName":"Maria Andersson"}');


/** n8n 2.41's way of sending a Buffer answer from the respond node. */
function asN8nSends(res: ServerResponse, statusCode: number, body: Buffer) {
	res.statusCode = statusCode;
	res.setHeaders(new Map([['content-type', 'application/json; charset=utf-8']]));
	res.end(body);
}

describe('the guard tells the cache what was answered', () => {
	test('the respond node\'s answer: status, content type and body bytes, after it went out unchanged', async () => {
		const heard: PreparedAnswer[] = [];
		const got = await exchange((res) => {
			guardResponse(res, FALLBACK, (answer) => heard.push(answer));
			asN8nSends(res, 200, CONTACT);
		});
		expect(got).toEqual({ status: 200, body: CONTACT.toString() });
		expect(heard).toEqual([{ statusCode: 200, headers: { 'content-type': 'application/json; charset=utf-8' }, body: CONTACT }]);
	});

	test('never the fallback, nor the late answer dropped after it', async () => {
		const heard: PreparedAnswer[] = [];
		const got = await exchange((res) => {
			const guard = guardResponse(res, FALLBACK, (answer) => heard.push(answer));
			guard.sendFallback();
			asN8nSends(res, 200, CONTACT);
		});
		expect(got).toEqual({ status: 404, body: '{}' });
		expect(heard).toEqual([]);
	});

	test('never the fallback that a bare end() (workflow ended without answering) turns into', async () => {
		const heard: PreparedAnswer[] = [];
		const got = await exchange((res) => {
			guardResponse(res, FALLBACK, (answer) => heard.push(answer));
			res.end();
		});
		expect(got.status).toBe(404);
		expect(heard).toEqual([]);
	});

	test('not a body streamed with write(): the last chunk is not the whole answer', async () => {
		const heard: PreparedAnswer[] = [];
		const got = await exchange((res) => {
			guardResponse(res, FALLBACK, (answer) => heard.push(answer));
			res.statusCode = 200;
			res.write('{"displayName":');
			res.end('"Maria"}');
		});
		expect(got).toEqual({ status: 200, body: '{"displayName":"Maria"}' });
		expect(heard).toEqual([]);
	});

	test('a listener that throws does not disturb the answer', async () => {
		const got = await exchange((res) => {
			guardResponse(res, FALLBACK, () => {
				throw new Error('cache is broken');
			});
			expect(() => asN8nSends(res, 200, CONTACT)).not.toThrow();
		});
		expect(got).toEqual({ status: 200, body: CONTACT.toString() });
	});

	test('a string body is reported as its bytes', async () => {
		const heard: PreparedAnswer[] = [];
		await exchange((res) => {
			guardResponse(res, FALLBACK, (answer) => heard.push(answer));
			res.statusCode = 200;
			res.end('{"displayName":"Åsa"}');
		});
		expect(heard[0].body.toString('utf8')).toBe('{"displayName":"Åsa"}');
		expect(heard[0].headers).toEqual({});
	});
});
