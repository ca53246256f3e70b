/* eslint-disable @n8n/community-nodes/no-restricted-imports -- not shipped: n8n's rules for node code */
/**
 * Generated hostile requests for a trigger: everything the open internet throws at a webhook URL. Every case
 * is a request that must be refused (a 4xx from the node, or from n8n or Node's HTTP parser before the node)
 * and must start no execution. A trigger is described by a profile: how a valid request looks and how it is
 * authenticated; the generator derives the defects.
 */
import { connect } from 'node:net';

import type { ClassContext } from './hostileClasses';

export interface HostileCase {
	category: string;
	name: string;
	method: string;
	/** Path and query, e.g. `/webhook/m8com/call-log?x=1`. */
	target: string;
	headers: Record<string, string>;
	body?: Buffer;
	/** Bytes sent as they are over a socket (header injection and other things fetch refuses to send). */
	raw?: Buffer;
	/**
	 * 'refused' (the default): a 4xx and no execution. 'answered': an authenticated but odd request, which gets a
	 * 4xx, or a 2xx that may start a run; never a 5xx (hostileClasses.ts).
	 */
	expect?: 'refused' | 'answered';
	/** Steps of one growing input share this name; a slow step stops the rest (hostileClasses.ts). */
	escalation?: string;
}

export interface TriggerProfile {
	name: string;
	/** The webhook path (after /webhook/). */
	path: string;
	/** Methods the trigger accepts; every other method is a case. */
	methods: string[];
	/** A valid request body (POST triggers), or undefined for GET triggers. */
	validBody?: Record<string, unknown>;
	/** A valid query string (GET triggers). */
	validQuery?: Record<string, string>;
	/** Fields whose absence or wrong type the trigger must refuse (body fields, or query fields for GET). */
	requiredFields: string[];
	/** Headers that authenticate this body (signatures are computed over it). */
	authHeaders(body: Buffer, target: string): Record<string, string>;
	/** Header sets that must be refused for this body: missing, wrong, replayed… */
	authDefects(body: Buffer, target: string): Array<{ name: string; headers: Record<string, string> }>;
	/** Content types the trigger accepts (the first is the one used for valid requests). */
	contentTypes: string[];
	/** Secrets that must never appear in an answer. */
	secrets: string[];
	/** Vendor-specific cases (XML bombs, replays of a signed body…). */
	extraCases?(): HostileCase[];
	/** Vendor-specific cases of the timed hostile classes (hostileClasses.ts): slow parses, server-side fetches. */
	classCases?(context: ClassContext): HostileCase[];
	/** The trigger passes any JSON object through (AutoID templates, CTM activities): no field is required. */
	anyObjectIsValid?: boolean;
	/** Required fields that may be empty strings (M8Com's call-log `body`). */
	allowEmpty?: string[];
	/** The deepest nesting the trigger accepts from an authenticated sender, if it bounds it. */
	maxDepth?: number;
}

const json = (value: unknown) => Buffer.from(JSON.stringify(value));
const withQuery = (path: string, query: Record<string, string> | undefined) =>
	`/webhook/${path}${query && Object.keys(query).length ? `?${new URLSearchParams(query)}` : ''}`;

/** Standard Bearer defects (M8Com): each must be 401 (missing) or 403 (wrong). */
export function bearerDefects(secret: string): Array<{ name: string; headers: Record<string, string> }> {
	const variants: Array<[string, string | undefined]> = [
		['no Authorization header', undefined],
		['an empty Authorization header', ''],
		['the scheme alone', 'Bearer'],
		['the scheme and a space', 'Bearer '],
		['a wrong secret', 'Bearer not-the-secret'],
		['the secret with one character more', `Bearer ${secret}x`],
		['the secret with one character less', `Bearer ${secret.slice(0, -1)}`],
		['the secret in upper case', `Bearer ${secret.toUpperCase()}`],
		['the secret twice', `Bearer ${secret}${secret}`],
		['the secret without a scheme', secret],
		['the secret as Basic auth', `Basic ${Buffer.from(`${secret}:`).toString('base64')}`],
		['another scheme', `Token ${secret}`],
		['the secret with a trailing word', `Bearer ${secret} extra`],
		['a comma-joined list', `Bearer wrong, Bearer ${secret}`],
		['an 8 KB token', `Bearer ${'a'.repeat(8192)}`],
		['a JSON token', `Bearer {"secret":"${secret.slice(0, 4)}"}`],
		['a percent-encoded secret', `Bearer ${encodeURIComponent(secret + '/')}`],
		['the secret base64-encoded', `Bearer ${Buffer.from(secret).toString('base64')}`],
		['a null-like token', 'Bearer null'],
		['an undefined-like token', 'Bearer undefined'],
	];
	return variants.map(([name, value]) => ({ name, headers: value === undefined ? ({} as Record<string, string>) : { authorization: value } }));
}

/** Fuzz cases (truncations of the body, garbage queries) fill each trigger's suite up to this many requests. */
const TARGET_CASES = 600;
const MIN_FUZZ = 150;

const GARBAGE_JSON = [
	'{',
	'}',
	'[',
	'{"a":}',
	"{'single': 'quotes'}",
	'{"trailing": 1,}',
	'{"nan": NaN}',
	'{"inf": Infinity}',
	'{"comment": 1 /* hi */}',
	'{"bad escape": "\\x41"}',
	'{"unterminated": "abc',
	'{"raw control": "a\u0001b"}',
	'nul',
	'tru',
	'{"a":1}{"b":2}',
	'\u0000',
	'{"dup": 1, "dup": }',
	'{"deep": [[[[[[[[[[',
	'{"number": 1.2.3}',
	'{"number": 01}',
	'{"key" "missing colon"}',
	'{key: "unquoted"}',
	'\uFEFF{broken',
	'<?xml version="1.0"?><a/>',
];

/** Values a field must refuse, judged by the type of its valid value. */
function wrongValuesFor(valid: unknown, allowEmpty: boolean): Array<[string, unknown]> {
	const values: Array<[string, unknown]> = [
		['missing', undefined],
		['null', null],
	];
	if (Array.isArray(valid)) values.push(['a string', 'x'], ['an object', { x: 1 }], ['a boolean', true], ['an array of objects', [{ x: 1 }]]);
	else if (typeof valid === 'number') values.push(['an empty string', ''], ['a word', 'soon'], ['an array', [1]], ['an object', { x: 1 }], ['a boolean', true]);
	else if (typeof valid === 'object' && valid !== null) values.push(['a string', 'x'], ['an array', [1]], ['a boolean', true]);
	else {
		if (!allowEmpty) values.push(['an empty string', '']);
		values.push(['an array', ['x']], ['an object', { x: 1 }], ['a boolean', true]);
	}
	return values;
}

/**
 * Bodies over n8n's payload limit (16 MB). The triggers read bodies themselves and answer 413 (or 401 at
 * once to a stranger, in which case the sender may see the connection close while it is still uploading).
 */
export function overLimitCases(profile: TriggerProfile): HostileCase[] {
	if (profile.validBody === undefined) return [];
	const target = withQuery(profile.path, profile.validQuery);
	const method = profile.methods.find((m) => m !== 'GET') ?? 'POST';
	const body = bigBody(17 * 1024 * 1024, profile.validBody ?? {});
	return [
		{ category: 'over the limit', name: '17 MB, authenticated', method, target, headers: { 'content-type': profile.contentTypes[0], ...profile.authHeaders(body, target) }, body },
		{ category: 'over the limit', name: '17 MB, anonymous', method, target, headers: { 'content-type': profile.contentTypes[0] }, body },
	];
}

/** A body (JSON) nested `depth` levels deep, missing every required field. */
function nested(depth: number, kind: 'object' | 'array'): Buffer {
	const open = kind === 'object' ? '{"a":' : '[';
	const close = kind === 'object' ? '}' : ']';
	return Buffer.from(`{"nested":${open.repeat(depth)}1${close.repeat(depth)}}`);
}

function bigBody(bytes: number, base: Record<string, unknown> = {}): Buffer {
	return json({ ...base, padding: 'x'.repeat(bytes) });
}

/** HTTP/1.1 request bytes as they are (header injection, smuggling, bytes fetch will not send). */
function rawRequest(method: string, target: string, headerLines: string[], body = ''): Buffer {
	const lines = [`${method} ${target} HTTP/1.1`, 'Host: 127.0.0.1', 'Connection: close', ...headerLines];
	return Buffer.concat([Buffer.from(lines.join('\r\n') + '\r\n\r\n', 'latin1'), Buffer.from(body, 'latin1')]);
}

export function generateHostileCases(profile: TriggerProfile): HostileCase[] {
	const cases: HostileCase[] = [];
	const isGet = profile.validBody === undefined;
	const method = profile.methods[0];
	const validTarget = withQuery(profile.path, profile.validQuery);
	const validBody = isGet ? Buffer.alloc(0) : json(profile.validBody);
	const contentType = { 'content-type': profile.contentTypes[0] };
	const add = (category: string, name: string, c: Omit<HostileCase, 'category' | 'name'>) => cases.push({ category, name, ...c });
	const authed = (body: Buffer, target = validTarget) => ({ ...contentType, ...profile.authHeaders(body, target) });

	// 1. Wrong methods, with and without valid credentials and bodies.
	for (const wrong of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].filter((m) => !profile.methods.includes(m))) {
		for (const [name, headers, body] of [
			['authenticated', authed(validBody), validBody],
			['anonymous', contentType, validBody],
			['no body', authed(Buffer.alloc(0)), undefined],
			['a query string', authed(validBody), validBody],
		] as Array<[string, Record<string, string>, Buffer | undefined]>) {
			const target = name === 'a query string' ? `${validTarget}${validTarget.includes('?') ? '&' : '?'}debug=1` : validTarget;
			add('wrong method', `${wrong}, ${name}`, { method: wrong, target, headers, body: wrong === 'GET' ? undefined : body });
		}
	}

	// 2. Missing, wrong and replayed credentials, over valid, invalid and empty requests.
	const requestVariants: Array<[string, Buffer, string]> = isGet
		? [
				['a valid query', validBody, validTarget],
				['no query', validBody, withQuery(profile.path, undefined)],
				['an odd query', validBody, withQuery(profile.path, { ...profile.validQuery, extra: '😀‮' })],
			]
		: [
				['a valid body', validBody, validTarget],
				['an empty object', json({}), validTarget],
				['an incomplete body', json({ [profile.requiredFields[0]]: 'x' }), validTarget],
			];
	for (const [variant, body, target] of requestVariants) {
		for (const defect of profile.authDefects(body, target)) {
			add('credentials', `${defect.name}, ${variant}`, { method, target, headers: { ...contentType, ...defect.headers }, body: isGet ? undefined : body });
		}
	}

	if (!isGet) {
		// 3. Content types the vendor never sends, with otherwise valid requests (also as form fields).
		const asForm = Buffer.from(new URLSearchParams(Object.entries(profile.validBody ?? {}).map(([k, v]): [string, string] => [k, String(v)])).toString());
		for (const type of [
			'text/plain',
			'application/x-www-form-urlencoded',
			'application/xml',
			'text/xml',
			'application/octet-stream',
			'text/json',
			'application/jsonp',
			'application/json-patch',
			'text/html',
			'image/png',
		].filter((t) => !profile.contentTypes.includes(t))) {
			for (const [name, body] of [
				['a JSON body', validBody],
				['form fields', asForm],
			] as Array<[string, Buffer]>) {
				add('content type', `${type}, ${name}`, { method, target: validTarget, headers: { ...profile.authHeaders(body, validTarget), 'content-type': type }, body });
			}
		}
		const multipart = Buffer.from('--x\r\nContent-Disposition: form-data; name="fromNumber"\r\n\r\n+46701234567\r\n--x--\r\n');
		add('content type', 'multipart/form-data', { method, target: validTarget, headers: { ...profile.authHeaders(multipart, validTarget), 'content-type': 'multipart/form-data; boundary=x' }, body: multipart });
		add('content type', 'no Content-Type', { method, target: validTarget, headers: profile.authHeaders(validBody, validTarget), body: validBody });

		// 4. Truncated and malformed JSON, correctly authenticated (signatures over the bad bytes).
		GARBAGE_JSON.forEach((text, i) => {
			const body = Buffer.from(text);
			add('malformed JSON', `garbage #${i + 1}`, { method, target: validTarget, headers: authed(body), body });
		});
	}

	// 5. Well-formed but invalid documents: each required field missing, null or of a wrong type.
	for (const field of profile.requiredFields) {
		for (const [name, value] of wrongValuesFor(isGet ? 'x' : profile.validBody?.[field], profile.allowEmpty?.includes(field) ?? false)) {
			if (isGet) {
				const query = { ...profile.validQuery };
				delete query[field];
				if (typeof value === 'string') query[field] = value;
				const target = withQuery(profile.path, query);
				add('invalid document', `${field} ${name}`, { method, target, headers: authed(validBody, target) });
			} else {
				const doc: Record<string, unknown> = { ...profile.validBody };
				if (value === undefined) delete doc[field];
				else doc[field] = value;
				const body = json(doc);
				add('invalid document', `${field} ${name}`, { method, target: validTarget, headers: authed(body), body });
			}
		}
	}
	if (!isGet) {
		const topLevel: Array<[string, unknown]> = [
			['a top-level array', [profile.validBody]],
			['a string', 'event'],
			['a number', 42],
			['null', null],
			['an empty array', []],
		];
		if (!profile.anyObjectIsValid) topLevel.push(['an empty object', {}]);
		for (const [name, value] of topLevel) {
			const body = json(value);
			add('invalid document', name, { method, target: validTarget, headers: authed(body), body });
		}
	}

	// 6. Deeply nested bodies (no required fields), authenticated and anonymous (bodies only where one is read).
	for (const depth of isGet ? [] : [100, 1_000, 10_000, 100_000]) {
		for (const kind of ['object', 'array'] as const) {
			const body = nested(depth, kind);
			const refusedWhenAuthenticated = !profile.anyObjectIsValid || (profile.maxDepth !== undefined && depth > profile.maxDepth);
			if (refusedWhenAuthenticated) add('nested', `${kind}s ${depth} deep, authenticated`, { method, target: validTarget, headers: authed(body), body });
			add('nested', `${kind}s ${depth} deep, anonymous`, { method, target: validTarget, headers: contentType, body });
		}
	}

	// 7. Oversized bodies up to n8n's payload limit (16 MB by default).
	for (const mb of isGet ? [] : [1, 4, 15.5]) {
		const body = bigBody(mb * 1024 * 1024);
		add('oversized', `${mb} MB, anonymous`, { method, target: validTarget, headers: contentType, body });
	}
	if (!profile.anyObjectIsValid && !isGet) {
		const invalidBig = bigBody(2 * 1024 * 1024);
		add('oversized', '2 MB without required fields, authenticated', { method, target: validTarget, headers: authed(invalidBig), body: invalidBig });
	}
	const longQuery = `/webhook/${profile.path}?q=${'a'.repeat(20_000)}`;
	add('oversized', 'a 20 KB query string, anonymous', { method, target: longQuery, headers: contentType, body: isGet ? undefined : validBody });

	// 8. Odd Unicode where it must not help: look-alike field names, bidi and zero-width characters, invalid UTF-8.
	const oddKeys: Array<[string, (field: string) => string]> = [
		['Cyrillic look-alike', (f) => f.replace(/o/g, 'о').replace(/e/g, 'е')],
		['zero-width space', (f) => `${f}\u200b`],
		['right-to-left override', (f) => `\u202e${f}`],
		['full-width letters', (f) => f.replace(/[a-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0))],
		['combining accents', (f) => f.replace(/a/g, 'a\u0301')],
	];
	for (const [name, mangle] of profile.anyObjectIsValid ? [] : oddKeys) {
		// A mangle that leaves every required name as it is (no "a" in "fromNumber") makes a valid request, not a bad one.
		if (profile.requiredFields.every((field) => mangle(field) === field)) continue;
		if (isGet) {
			const query = Object.fromEntries(Object.entries(profile.validQuery ?? {}).map(([k, v]) => [profile.requiredFields.includes(k) ? mangle(k) : k, v]));
			const target = withQuery(profile.path, query);
			add('unicode', `field names with ${name}`, { method, target, headers: authed(validBody, target) });
		} else {
			const doc = Object.fromEntries(Object.entries(profile.validBody ?? {}).map(([k, v]) => [profile.requiredFields.includes(k) ? mangle(k) : k, v]));
			const body = json(doc);
			add('unicode', `field names with ${name}`, { method, target: validTarget, headers: authed(body), body });
		}
	}
	const bodiesMatter = !isGet && !profile.anyObjectIsValid;
	const invalidUtf8 = Buffer.concat([Buffer.from('{"x":"'), Buffer.from([0xc3, 0x28, 0xa0, 0xa1, 0xf0, 0x28, 0x8c, 0xbc, 0xed, 0xa0, 0x80]), Buffer.from('"}')]);
	if (bodiesMatter) {
		add('unicode', 'invalid UTF-8 bytes, authenticated', { method, target: validTarget, headers: authed(invalidUtf8), body: invalidUtf8 });
		const surrogates = Buffer.from('{"x":"\\ud800\\udfff\\ud800"}');
		add('unicode', 'lone surrogates, authenticated', { method, target: validTarget, headers: authed(surrogates), body: surrogates });
	}
	add('unicode', 'invalid UTF-8 bytes, anonymous', { method, target: validTarget, headers: contentType, body: invalidUtf8 });
	for (const [name, token] of [
		['zero-width space in the secret', '\u200b'],
		['an emoji after the secret', '😀'],
		['a right-to-left override', '\u202e'],
		['Latin-1 bytes', 'åäö'],
	]) {
		// fetch refuses header values outside Latin-1, so these go over a raw socket as UTF-8 bytes.
		const auth = profile.authHeaders(validBody, validTarget);
		const lines = Object.entries({ ...contentType, ...auth }).map(([k, v]) => `${k}: ${v}${k === Object.keys(auth)[0] ? token : ''}`);
		const bodyText = validBody.toString('latin1');
		add('unicode', `${name} (raw)`, {
			method,
			target: validTarget,
			headers: {},
			raw: Buffer.concat([
				Buffer.from([`${method} ${validTarget} HTTP/1.1`, 'Host: 127.0.0.1', 'Connection: close', `Content-Length: ${validBody.length}`].join('\r\n') + '\r\n', 'latin1'),
				Buffer.from(lines.join('\r\n') + '\r\n\r\n', 'utf8'),
				Buffer.from(bodyText, 'latin1'),
			]),
		});
	}

	// 9. Header injection and request smuggling, over a raw socket.
	const body = validBody.toString('latin1');
	const length = `Content-Length: ${validBody.length}`;
	const auth = Object.entries(profile.authHeaders(validBody, validTarget)).map(([k, v]) => `${k}: ${v}`);
	const injections: Array<[string, string[], string?]> = [
		['CRLF in a header value', ['X-Test: a\r\nAuthorization: Bearer injected', length]],
		['a bare LF in a header value', ['X-Test: a\nAuthorization: Bearer injected', length]],
		['a bare CR in a header value', ['X-Test: a\rAuthorization: Bearer injected', length]],
		['a NUL in a header value', ['X-Test: a\u0000b', length, ...auth]],
		['a space before the colon', ['Authorization : Bearer x', length]],
		['a header name with a space', ['Bad Header: x', length, ...auth]],
		['an obs-fold continuation line', ['X-Test: a', ' folded', length, ...auth]],
		['two different Content-Lengths', [length, `Content-Length: ${validBody.length + 5}`, ...auth]],
		['Transfer-Encoding and Content-Length', ['Transfer-Encoding: chunked', length, ...auth]],
		['a bad chunk size', ['Transfer-Encoding: chunked', ...auth], 'zz\r\nabc\r\n0\r\n\r\n'],
		['Transfer-Encoding: identity, chunked', ['Transfer-Encoding: identity, chunked', length, ...auth]],
		['a 32 KB header', [`X-Big: ${'a'.repeat(32 * 1024)}`, length, ...auth]],
		['a smuggled second request', [length, 'Content-Length: 0', ...auth], `${body}GET /rest/settings HTTP/1.1\r\nHost: x\r\n\r\n`],
		['a header without a colon', ['NoColonHere', length, ...auth]],
		['a Content-Length that is not a number', ['Content-Length: abc', ...auth]],
		['a negative Content-Length', ['Content-Length: -1', ...auth]],
	];
	for (const [name, headerLines, payload] of injections) {
		add('header injection', name, { method, target: validTarget, headers: {}, raw: rawRequest(method, validTarget, [...headerLines, 'Content-Type: application/json'], payload ?? body) });
	}
	add('header injection', 'a path with encoded CRLF', {
		method,
		target: `${validTarget}%0d%0aSet-Cookie:%20x=1`,
		headers: { ...contentType },
		body: isGet ? undefined : validBody,
	});
	add('header injection', 'HTTP/1.0 with a Host header injection', {
		method,
		target: validTarget,
		headers: {},
		raw: Buffer.from(`${method} ${validTarget} HTTP/1.0\r\nHost: 127.0.0.1\r\nHost: evil.example\r\n${length}\r\n\r\n${body}`, 'latin1'),
	});

	for (const extra of profile.extraCases?.() ?? []) cases.push(extra);

	// Fuzz up to the target size: the valid body truncated at evenly spread byte offsets (POST), or garbage
	// query strings without the required parameters (GET); both correctly authenticated.
	const fuzz = Math.max(MIN_FUZZ, TARGET_CASES - cases.length);
	if (isGet) {
		const pieces = ['%zz', '%00', '%E2%80%AE', '=', '&&', '[]', '[a][b]=1', 'user={', 'user=%7B%22id%22', '😀', '..%2f..', '%0d%0a', ';', '#x', '+', 'a'.repeat(300)];
		for (let i = 0; i < fuzz; i++) {
			const query = Array.from({ length: 1 + (i % 4) }, (_, j) => `${pieces[(i + j * 7) % pieces.length]}${j === 0 ? '' : `k${j}`}=${pieces[(i * 3 + j) % pieces.length]}`).join('&');
			const target = `/webhook/${profile.path}?${query}`;
			add('query fuzz', `garbage query #${i + 1}`, { method, target, headers: authed(validBody, target) });
		}
	} else {
		for (let i = 1; i <= fuzz; i++) {
			const cut = validBody.subarray(0, Math.max(1, Math.floor((validBody.length * i) / (fuzz + 1))));
			add('malformed JSON', `truncated at ${cut.length} of ${validBody.length} bytes`, { method, target: validTarget, headers: authed(cut), body: cut });
		}
	}

	return cases;
}

/** Sends a case over HTTP (fetch) or a raw socket; the status, the answer's text and the headers as one string. */
export async function sendHostile(baseUrl: string, c: HostileCase): Promise<{ status: number; text: string }> {
	if (c.raw) return sendRaw(baseUrl, c.raw);
	const res = await fetch(`${baseUrl}${c.target}`, {
		method: c.method,
		headers: c.headers,
		body: c.body && c.method !== 'GET' && c.method !== 'HEAD' ? c.body : undefined,
		signal: AbortSignal.timeout(60_000),
	});
	const headers = [...res.headers].map(([k, v]) => `${k}: ${v}`).join('\n');
	return { status: res.status, text: `${headers}\n\n${await res.text()}` };
}

function sendRaw(baseUrl: string, bytes: Buffer): Promise<{ status: number; text: string }> {
	const { hostname, port } = new URL(baseUrl);
	return new Promise((resolve) => {
		const socket = connect(Number(port), hostname);
		const chunks: Buffer[] = [];
		const done = () => {
			const text = Buffer.concat(chunks).toString('latin1');
			const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1] ?? 0);
			resolve({ status, text });
		};
		// No half-close: the request says "Connection: close", so the server closes when it has answered.
		socket.setTimeout(15_000, () => socket.destroy());
		socket.on('data', (chunk) => chunks.push(chunk));
		socket.on('close', done);
		socket.on('error', () => undefined);
		socket.write(bytes);
	});
}
