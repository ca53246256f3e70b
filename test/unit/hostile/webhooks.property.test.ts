/* eslint-disable @n8n/community-nodes/no-restricted-globals -- not shipped: n8n's rules for node code */
/**
 * Property-based: every trigger's webhook(), called as n8n calls it, with arbitrary bodies, headers and query
 * strings — the valid request with one value replaced by something hostile, random JSON, random bytes, prototype
 * keys, objects where strings are expected — each signed correctly and not. Whatever arrives:
 * - webhook() never throws, and the answer is 2xx or 4xx (n8n would answer an exception with 500);
 * - a rejection's message is at most 200 characters, repeats nothing of the request at length, names no secret;
 * - a request that is not authenticated is refused (401/403) and starts nothing;
 * - no item contains a live prototype or a function, nor any secret; what the package computes (normalized,
 *   presence, sections, …) has only finite numbers.
 */
import fc from 'fast-check';

import { ALL_SECRETS, ctmApiAnswer, deliver, nonFiniteNumbers, notPlainData, UNIT_TRIGGERS, type UnitTrigger } from './triggers';

const RUNS = Number(process.env.HOSTILE_RUNS ?? 120);
const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty', 'prototype', 'toJSON'];

/** JSON text that is valid but hostile where a string or a small number is expected. */
const hostileJson = fc.oneof(
	fc.constantFrom(
		'{"toString":1}',
		'{"toString":1,"valueOf":1}',
		'{"__proto__":{"polluted":1}}',
		'"__proto__"',
		'"constructor"',
		'"toString"',
		'"rt"',
		'1e400',
		'-1e400',
		'1.7e308',
		'-0',
		'99999999999999999999999',
		'"9999999999999999999999999999999999999999"',
		'[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]',
		'"\\u0000\\ud800"',
		'""',
		'"   "',
		'null',
		'true',
		'[]',
		'{}',
		'[{"direction":{"toString":1},"startTime":1e308,"endTime":-1e308}]',
		'{"caller":{"phone":{"toString":1},"type":"LOCAL"},"callee":"x"}',
		'" 46701234567"',
		'"2024-03-01 09:15                    x"',
		'"Call to user: a                     b"',
	),
	fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value)),
	fc.string({ maxLength: 40 }).map((text) => JSON.stringify(text)),
);

type JsonPath = Array<string | number>;

function pathsOf(value: unknown, path: JsonPath = [], out: JsonPath[] = []): JsonPath[] {
	out.push(path);
	if (Array.isArray(value)) value.forEach((child, i) => pathsOf(child, [...path, i], out));
	else if (typeof value === 'object' && value !== null) for (const [key, child] of Object.entries(value)) pathsOf(child, [...path, key], out);
	return out;
}

const PLACEHOLDER = '\u0001hostile\u0001';

/** The JSON text of `value` with the value at `path` (or a new key under it) replaced by raw JSON text. */
function replaceAt(value: unknown, path: JsonPath, fragment: string, newKey?: string): string {
	const copy = JSON.parse(JSON.stringify(value)) as unknown;
	if (path.length === 0 && newKey === undefined) return fragment;
	let parent = copy as Record<string | number, unknown>;
	for (const key of path.slice(0, newKey === undefined ? -1 : path.length)) parent = parent[key] as Record<string | number, unknown>;
	const target = newKey ?? path[path.length - 1];
	if (typeof parent !== 'object' || parent === null) return fragment;
	Object.defineProperty(parent, target, { value: PLACEHOLDER, enumerable: true, writable: true, configurable: true });
	return JSON.stringify(copy).replace(JSON.stringify(PLACEHOLDER), fragment);
}

/** The valid JSON body with one value replaced, or one (prototype-named) key added, hostile either way. */
const mutatedJson = (valid: string) => {
	const value = JSON.parse(valid) as unknown;
	const paths = pathsOf(value);
	return fc.tuple(fc.constantFrom(...paths), hostileJson, fc.option(fc.constantFrom(...PROTOTYPE_KEYS, 'direction', 'flows', 'status', 'duration'), { nil: undefined })).map(([path, fragment, newKey]) => {
		const at = path.length > 0 || newKey !== undefined ? path : [];
		const container = at.reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], value);
		const canAdd = newKey !== undefined && typeof container === 'object' && container !== null && !Array.isArray(container);
		return canAdd ? replaceAt(value, at, fragment, newKey) : replaceAt(value, path, fragment);
	});
};

/** An XML body: the valid one with an element or attribute renamed, a value replaced, or broken. */
const mutatedXml = (valid: string) =>
	fc.oneof(
		fc.tuple(fc.constantFrom(...PROTOTYPE_KEYS, 'call', 'x'), fc.string({ maxLength: 20 })).map(([name, text]) => valid.replace(/<dialstatus>[^<]*<\/dialstatus>/, `<${name} ${name}="1">${text.replace(/[<&]/g, '')}</${name}>`)),
		fc.nat({ max: valid.length }).map((cut) => valid.slice(0, cut)),
		fc.constantFrom('<a>&#0;</a>', '<a>&#xD800;</a>', '<!DOCTYPE a><a/>', '<a><![CDATA[x</a>', '<a b="<"/>', '<a b="1" b="2"/>', `<${'a'.repeat(500)}>`, '<__proto__><constructor>1</constructor></__proto__>'),
	);

const bodyFor = (trigger: UnitTrigger) => {
	const others = [fc.json({ maxDepth: 3 }), fc.string({ maxLength: 200 }), fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes).toString('latin1')), fc.constant('')];
	if (trigger.contentType === 'application/json') return fc.oneof({ weight: 4, arbitrary: mutatedJson(trigger.validBody) }, ...others);
	if (trigger.contentType === 'application/xml') return fc.oneof({ weight: 4, arbitrary: mutatedXml(trigger.validBody) }, ...others);
	if (trigger.contentType === 'application/x-www-form-urlencoded') {
		return fc.oneof(fc.array(fc.tuple(fc.constantFrom(...PROTOTYPE_KEYS, 'callid', 'direction', 'duration'), fc.string({ maxLength: 20 }))).map((pairs) => pairs.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&')), ...others);
	}
	return fc.oneof(fc.constant(''), ...others);
};

const QUERY_KEYS = [
	'trigger', 'fromNumber', 'toNumber', 'user', 'phase', 'callid', 'direction', 'duration', 'caller_number', 'source',
	...PROTOTYPE_KEYS,
	'user[firstName]', 'user[firstName][toString]', 'user[id]', 'user[id][valueOf]', 'user[userIds][0][username]', 'user[userIds][25][type]',
	'user[__proto__][x]', 'trigger[toString]', 'fromNumber[toString]', 'fromNumber[]', 'user[a][b][c][d][e][f][g]', 'phase[]',
];
const QUERY_VALUES = [...PROTOTYPE_KEYS, ' 46701234567', '+46701234567', '0701234567', 'end', 'End', 'call_end', 'begin', '{"toString":1}', '{"id":{"a":1}}', '[1]', '%', '%zz', ''];

const queryFor = (trigger: UnitTrigger) =>
	fc
		.tuple(
			fc.boolean(),
			fc.array(fc.tuple(fc.oneof(fc.constantFrom(...QUERY_KEYS), fc.string({ maxLength: 8 })), fc.oneof(fc.constantFrom(...QUERY_VALUES), fc.string({ maxLength: 12 })), fc.boolean()), { maxLength: 6 }),
		)
		.map(([keepValid, pairs]) => {
			const extra = pairs.map(([key, value, encode]) => `${key}=${encode ? encodeURIComponent(value) : value}`);
			return [...(keepValid && trigger.validQuery ? [trigger.validQuery] : []), ...extra].join('&');
		});

const CONTENT_TYPES = ['application/json', 'text/plain', 'application/xml', 'text/xml', 'application/x-www-form-urlencoded', '', 'application/json; charset=iso-8859-1', 'application/vnd.api+json', 'APPLICATION/JSON', 'multipart/form-data; boundary=x'];
const GARBAGE_AUTH: Array<Record<string, string>> = [
	{},
	{ authorization: 'Bearer wrong' },
	{ authorization: 'Basic !!!' },
	{ authorization: 'Basic Og==' },
	{ 'x-signature': 'a'.repeat(64) },
	{ 'x-signature': '' },
	{ 'x-ctm-signature': 'AAAAAAAAAAAAAAAAAAAAAAAAAAA=', 'x-ctm-time': '1' },
	{ 'x-autoid-token': 'wrong', 'x-webhook-token': 'wrong' },
];

const requestFor = (trigger: UnitTrigger) =>
	fc.record({
		body: bodyFor(trigger),
		query: queryFor(trigger),
		contentType: fc.oneof({ weight: 3, arbitrary: fc.constant(trigger.contentType) }, fc.constantFrom(...CONTENT_TYPES)),
		signed: fc.boolean(),
		garbage: fc.constantFrom(...GARBAGE_AUTH),
		apiAnswer: fc.oneof(fc.constant<unknown>(undefined), fc.jsonValue({ maxDepth: 2 }), fc.constant({ direction: { toString: 1 }, duration: '9'.repeat(400), agent: { name: {} } })),
	});

/** Whether the answer repeats 40 or more characters of what was sent. */
function repeatsRequest(answer: string, sent: string): boolean {
	for (let start = 0; start + 40 <= answer.length; start += 1) if (sent.includes(answer.slice(start, start + 40))) return true;
	return false;
}

describe.each(UNIT_TRIGGERS.map((trigger) => [trigger.name, trigger] as const))('%s: arbitrary requests', (_, trigger) => {
	test('never throw, answer 2xx or 4xx, short and secret-free; unauthenticated requests start nothing; items are plain data', async () => {
		await fc.assert(
			fc.asyncProperty(requestFor(trigger), async (request) => {
				ctmApiAnswer.value = request.apiAnswer ?? ctmApiAnswer.value;
				const headers = { 'content-type': request.contentType || undefined, ...(request.signed ? {} : request.garbage) };
				const outcome = await deliver(trigger, { body: request.body, query: request.query, headers, signed: request.signed });
				const answer = outcome.res.body ?? '';
				const allowed = (outcome.status >= 200 && outcome.status < 300) || (outcome.status >= 400 && outcome.status < 500) || (trigger.alsoAllowed ?? []).includes(outcome.status);
				expect({ status: outcome.status, allowed }).toEqual({ status: outcome.status, allowed: true });
				expect(answer.length).toBeLessThanOrEqual(220);
				expect((outcome.message ?? '').length).toBeLessThanOrEqual(200);
				expect(repeatsRequest(answer, `${request.body}${request.query}`)).toBe(false);
				if (!request.signed && trigger.authenticated) {
					expect([401, 403]).toContain(outcome.status);
					expect(outcome.items).toEqual([]);
				}
				expect(notPlainData(outcome.items)).toEqual([]);
				expect(outcome.items.flatMap(nonFiniteNumbers)).toEqual([]);
				const everything = `${answer}${JSON.stringify(outcome.items)}`;
				for (const secret of ALL_SECRETS) expect(everything).not.toContain(secret);
			}),
			{ numRuns: RUNS },
		);
	});

	test('authenticated requests with one hostile value are answered 2xx or 4xx (never a 500), with plain-data items', async () => {
		await fc.assert(
			fc.asyncProperty(bodyFor(trigger), queryFor(trigger), async (body, query) => {
				const outcome = await deliver(trigger, { body, query });
				expect(outcome.status < 500 || (trigger.alsoAllowed ?? []).includes(outcome.status)).toBe(true);
				expect(notPlainData(outcome.items)).toEqual([]);
				expect(outcome.items.flatMap(nonFiniteNumbers)).toEqual([]);
			}),
			{ numRuns: RUNS },
		);
	});
});
