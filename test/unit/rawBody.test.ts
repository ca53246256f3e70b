/** Reading and parsing request bodies from the raw bytes (n8n is asked to leave them alone). */
import type { IWebhookFunctions } from 'n8n-workflow';

import { MAX_JSON_DEPTH, RAW_BODY_PROPERTY, nestedDeeperThan, parseJson, readRawBody } from '../../lib/rawBody';

type Request = ReturnType<IWebhookFunctions['getRequestObject']>;
const read = (req: Record<string, unknown>) => readRawBody(req as unknown as Request);

describe('RAW_BODY_PROPERTY', () => {
	test('is the hidden options.binaryData that makes n8n skip parsing a version-1 webhook node\'s body', () => {
		expect(RAW_BODY_PROPERTY).toMatchObject({ name: 'options', type: 'hidden', default: { binaryData: true } });
	});
});

describe('readRawBody', () => {
	test('takes req.rawBody when n8n already read it', async () => {
		const raw = Buffer.from('{"a":1}');
		const readRawBody = jest.fn();
		expect(await read({ rawBody: raw, readRawBody })).toEqual({ ok: true, raw });
		expect(readRawBody).not.toHaveBeenCalled();
	});

	test('reads with n8n\'s own reader when n8n left the body alone', async () => {
		const req: Record<string, unknown> = {};
		req.readRawBody = async () => {
			req.rawBody = Buffer.from('<call/>');
		};
		expect(await read(req)).toEqual({ ok: true, raw: Buffer.from('<call/>') });
	});

	test('a body over n8n\'s size limit is 413; any other read failure 400', async () => {
		const tooLarge = Object.assign(new Error('request entity too large'), { status: 413, type: 'entity.too.large' });
		expect(await read({ readRawBody: async () => Promise.reject(tooLarge) })).toEqual({ ok: false, statusCode: 413, message: 'The body is too large' });
		const tooLarge2 = Object.assign(new Error('too large'), { statusCode: 413 });
		expect(await read({ readRawBody: async () => Promise.reject(tooLarge2) })).toMatchObject({ statusCode: 413 });
		expect(await read({ readRawBody: async () => Promise.reject(new Error('aborted')) })).toEqual({ ok: false, statusCode: 400, message: 'The body could not be read' });
	});

	test('no bytes at all are an empty buffer', async () => {
		expect(await read({})).toEqual({ ok: true, raw: Buffer.alloc(0) });
	});
});

describe('parseJson', () => {
	test('parses UTF-8 JSON, a byte-order mark allowed', () => {
		expect(parseJson(Buffer.from('\uFEFF{"name":"Jürgen"}'))).toEqual({ ok: true, value: { name: 'Jürgen' } });
		expect(parseJson(Buffer.from('[1,"a",null]'))).toEqual({ ok: true, value: [1, 'a', null] });
	});

	test.each([
		['', 'The body is empty'],
		['  \n', 'The body is empty'],
		['{"a":', 'The body is not valid JSON'],
		["{'a':1}", 'The body is not valid JSON'],
		['{"a":1}{"b":2}', 'The body is not valid JSON'],
	])('%p is refused: %s', (text, message) => {
		expect(parseJson(Buffer.from(text))).toEqual({ ok: false, message });
	});

	test(`refuses nesting deeper than ${MAX_JSON_DEPTH} levels, accepts exactly that deep`, () => {
		const deep = (n: number) => Buffer.from(`${'['.repeat(n)}${']'.repeat(n)}`);
		expect(parseJson(deep(MAX_JSON_DEPTH)).ok).toBe(true);
		expect(parseJson(deep(MAX_JSON_DEPTH + 1))).toEqual({ ok: false, message: `The JSON is nested more than ${MAX_JSON_DEPTH} levels deep` });
		expect(parseJson(deep(100_000))).toMatchObject({ ok: false });
	});

	test('nestedDeeperThan counts objects and arrays, not scalars', () => {
		expect(nestedDeeperThan({ a: { b: [1] } }, 3)).toBe(false);
		expect(nestedDeeperThan({ a: { b: [1] } }, 2)).toBe(true);
		expect(nestedDeeperThan('text', 0)).toBe(false);
	});
});
