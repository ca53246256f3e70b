/**
 * The hostile classes an independent review found beyond wrong statuses (issue 14): inputs whose cost grows
 * faster than their size (huge runs of trailing newlines and spaces), server-side fetches into the n8n host's
 * networks (private-address recording URLs), prototype keys (`__proto__`, `constructor`, `toString` as keys and
 * values, in the query and the body) and type-confused fields (objects and arrays where strings and numbers
 * belong, arrays long enough to overflow a spread). Derived from each trigger's profile, so every trigger gets
 * them; vendor-specific ones come from the profile's `classCases`.
 *
 * A case is 'refused' (a 4xx, no execution) or 'answered' (an authenticated but odd request: a 4xx, or a 2xx that
 * may start a run; never a 5xx). Every case must be answered within `CASE_SECONDS`.
 */
import type { HostileCase, TriggerProfile } from './hostile';

/** Longest answer allowed for one request of these classes (the defects took minutes). */
export const CASE_SECONDS = 5;
/** A class sent in growing sizes stops growing after a step this slow: the next, 3–10× larger, could stall n8n for minutes. */
export const ESCALATION_STOP_SECONDS = 2;
/** Sizes of the growing inputs: 10 KB … 1 MB. */
export const ESCALATION_BYTES = [10 * 1024, 32 * 1024, 100 * 1024, 1024 * 1024];

export const PROTOTYPE_WORDS = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty'];

export interface ClassContext {
	/** A server on 127.0.0.1 that must never be asked for anything (origin, e.g. http://127.0.0.1:4567). */
	canaryOrigin: string;
}

type Json = Record<string, unknown>;

const validTarget = (profile: TriggerProfile) =>
	`/webhook/${profile.path}${profile.validQuery && Object.keys(profile.validQuery).length ? `?${new URLSearchParams(profile.validQuery)}` : ''}`;

/** Helpers for the vendor-specific cases in the profiles. */
export function classCaseBuilder(profile: TriggerProfile) {
	const target = validTarget(profile);
	const method = profile.methods[0];
	const contentType = { 'content-type': profile.contentTypes[0] };
	return {
		target,
		/** An authenticated request with these body bytes (signed over them where the vendor signs). */
		authed: (category: string, name: string, body: Buffer, expect: HostileCase['expect'], extra: Partial<HostileCase> = {}): HostileCase => ({
			category,
			name,
			method,
			target,
			headers: { ...contentType, ...profile.authHeaders(body, target) },
			body,
			expect,
			...extra,
		}),
		/** The same bytes with other headers (a bogus signature, none at all). */
		withHeaders: (category: string, name: string, body: Buffer, headers: Record<string, string>, extra: Partial<HostileCase> = {}): HostileCase => ({
			category,
			name,
			method,
			target,
			headers: { ...contentType, ...headers },
			body,
			expect: 'refused',
			...extra,
		}),
	};
}

/** The growing steps of one input: `make(bytes)` for 10 KB … 1 MB, sent in order, stopped after a slow step. */
export function escalating(name: string, make: (bytes: number) => HostileCase): HostileCase[] {
	return ESCALATION_BYTES.map((bytes) => ({ ...make(bytes), name: `${name}, ${bytes >= 1024 * 1024 ? `${bytes / 1024 / 1024} MB` : `${bytes / 1024} KB`}`, escalation: name }));
}

/** Every leaf of a JSON value with its path (objects and arrays walked), at most `limit` of them. */
function leaves(value: unknown, limit = 40, path: Array<string | number> = [], out: Array<[Array<string | number>, unknown]> = []) {
	if (out.length >= limit) return out;
	if (Array.isArray(value) && value.length > 0) value.forEach((v, i) => leaves(v, limit, [...path, i], out));
	else if (typeof value === 'object' && value !== null && Object.keys(value).length > 0) {
		for (const [k, v] of Object.entries(value)) leaves(v, limit, [...path, k], out);
	} else if (path.length > 0) out.push([path, value]);
	return out;
}

/** Every array in a JSON value, with its path. */
function arrays(value: unknown, path: Array<string | number> = [], out: Array<Array<string | number>> = []) {
	if (Array.isArray(value)) {
		out.push(path);
		value.forEach((v, i) => arrays(v, [...path, i], out));
	} else if (typeof value === 'object' && value !== null) {
		for (const [k, v] of Object.entries(value)) arrays(v, [...path, k], out);
	}
	return out;
}

function setPath(root: unknown, path: Array<string | number>, value: unknown): unknown {
	const copy = JSON.parse(JSON.stringify(root)) as Json;
	let node: Json = copy;
	path.slice(0, -1).forEach((key) => {
		node = node[key as string] as Json;
	});
	node[path[path.length - 1] as string] = value;
	return copy;
}

/** JSON text with an extra first key, written by hand: an object literal `{ __proto__: … }` would set a prototype instead. */
const withKey = (body: Json, key: string, valueJson: string) => {
	const rest = JSON.stringify(body).slice(1);
	return Buffer.from(`{${JSON.stringify(key)}:${valueJson}${rest === '}' ? '}' : `,${rest}`}`);
};

/**
 * Type confusion in a JSON body, authenticated: every leaf (up to 40) as an object with `toString`, as an array of
 * arrays, strings as a huge number and numbers as a numeric string; every array as an array-like object and with
 * 150,000 entries (slim copies of its first entry, its numbers kept so they are processed, not skipped: a spread
 * of them into a call overflows the stack; slim so the body stays well under n8n's payload limit).
 */
/** An array entry cut down to what makes code work on it: an object's first three numbers, a short string. */
function slim(entry: unknown): unknown {
	if (typeof entry === 'string') return 'x';
	if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return entry;
	return Object.fromEntries(Object.entries(entry).filter(([, v]) => typeof v === 'number').slice(0, 3));
}

export function typeConfusionCases(build: ReturnType<typeof classCaseBuilder>, body: Json, label = ''): HostileCase[] {
	const json = (value: unknown) => Buffer.from(JSON.stringify(value));
	const cases: HostileCase[] = [];
	const name = (text: string) => `${label}${text}`;
	for (const [path, value] of leaves(body)) {
		const variants: Array<[string, unknown]> = [
			['an object with toString', { toString: 1, valueOf: 'x' }],
			['an array of arrays', [['x']]],
		];
		if (typeof value === 'string') variants.push(['a number', 1e308]);
		if (typeof value === 'number') variants.push(['a numeric string', '1e999']);
		for (const [kind, replacement] of variants) cases.push(build.authed('type confusion', name(`${path.join('.')} as ${kind}`), json(setPath(body, path, replacement)), 'answered'));
	}
	for (const path of arrays(body).filter((p) => p.length > 0).slice(0, 6)) {
		const current = path.reduce<unknown>((node, key) => (node as Json)[key as string], body) as unknown[];
		const entry = slim(current.length > 0 ? current[0] : {});
		cases.push(build.authed('type confusion', name(`${path.join('.')} as an array-like object`), json(setPath(body, path, { 0: entry, length: 1e9 })), 'answered'));
		cases.push(build.authed('type confusion', name(`${path.join('.')} with 150,000 entries`), json(setPath(body, path, Array(150_000).fill(entry))), 'answered'));
	}
	return cases;
}

export function generateClassCases(profile: TriggerProfile, context: ClassContext): HostileCase[] {
	const cases: HostileCase[] = [];
	const isGet = profile.validBody === undefined;
	const build = classCaseBuilder(profile);
	const json = (value: unknown) => Buffer.from(JSON.stringify(value));
	const query = (pairs: string) => `${build.target}${build.target.includes('?') ? '&' : '?'}${pairs}`;
	const getCase = (category: string, name: string, target: string): HostileCase => ({
		category,
		name,
		method: profile.methods[0],
		target,
		headers: { 'content-type': profile.contentTypes[0], ...profile.authHeaders(Buffer.alloc(0), target) },
		body: isGet ? undefined : json(profile.validBody),
		expect: 'answered',
	});
	// A signed POST's signature covers the body only; the query is the node's own, so valid bodies ride along.
	const withQuery = (category: string, name: string, target: string): HostileCase => {
		if (isGet) return getCase(category, name, target);
		const body = json(profile.validBody);
		return { ...build.authed(category, name, body, 'answered'), target, headers: { 'content-type': profile.contentTypes[0], ...profile.authHeaders(body, target) } };
	};

	// 1. Prototype keys: as query keys and values, as body keys (top level and nested) and as body values.
	for (const word of PROTOTYPE_WORDS) {
		cases.push(withQuery('prototype keys', `query key ${word}`, query(`${word}=x`)));
		cases.push(withQuery('prototype keys', `query key ${word}[${word}]`, query(`${encodeURIComponent(`${word}[${word}]`)}=1`)));
		cases.push(withQuery('prototype keys', `query key ${word}[polluted]`, query(`${encodeURIComponent(`${word}[polluted]`)}=yes`)));
		for (const key of Object.keys(profile.validQuery ?? {})) {
			const values = { ...profile.validQuery, [key]: word };
			cases.push(withQuery('prototype keys', `query value ${key}=${word}`, `/webhook/${profile.path}?${new URLSearchParams(values)}`));
		}
		if (!isGet) {
			const body = profile.validBody as Json;
			cases.push(build.authed('prototype keys', `body key ${word} (an object)`, withKey(body, word, '{"polluted":"yes","toString":1}'), 'answered'));
			cases.push(build.authed('prototype keys', `body key ${word} (a string)`, withKey(body, word, '"x"'), 'answered'));
			const strings = leaves(body).filter(([, v]) => typeof v === 'string');
			const allWord = strings.reduce<unknown>((doc, [path]) => setPath(doc, path, word), body);
			cases.push(build.authed('prototype keys', `every string value is ${word}`, json(allWord), 'answered'));
			for (const [path] of leaves(body).filter(([p]) => p.length > 1).slice(0, 3)) {
				const parent = path.slice(0, -1);
				const nested = setPath(body, [...parent, '__placeholder__'], 1);
				const text = JSON.stringify(nested).replace('"__placeholder__":1', `${JSON.stringify(word)}:{"polluted":"yes"}`);
				cases.push(build.authed('prototype keys', `nested key ${parent.join('.')}.${word}`, Buffer.from(text), 'answered'));
			}
		}
	}

	// 2. Type confusion: objects and arrays where strings and numbers belong; arrays as objects; huge arrays.
	if (isGet) {
		for (const key of Object.keys(profile.validQuery ?? {})) {
			for (const [name, pairs] of [
				['an array', `${key}[]=a&${key}[]=b`],
				['an object', `${key}[a]=1`],
				['an object with toString', `${key}[toString]=x`],
				['a nested object', `${key}[a][b][c]=1`],
			]) {
				const rest = new URLSearchParams(Object.entries(profile.validQuery ?? {}).filter(([k]) => k !== key));
				cases.push(getCase('type confusion', `query ${key} as ${name}`, `/webhook/${profile.path}?${rest}&${pairs.replace(/\[/g, '%5B').replace(/\]/g, '%5D')}`));
			}
		}
		for (const pairs of ['user[firstName][toString]=x', 'user[id][0]=x', 'user=1', 'user[email][]=a&user[email][]=b']) {
			cases.push(getCase('type confusion', `query ${pairs}`, query(pairs.replace(/\[/g, '%5B').replace(/\]/g, '%5D'))));
		}
	} else {
		cases.push(...typeConfusionCases(build, profile.validBody as Json));
	}

	// 3. Trailing whitespace: huge runs of newlines and spaces after the body, anonymous and authenticated.
	if (!isGet) {
		const valid = JSON.stringify(profile.validBody);
		cases.push(...escalating('anonymous: newlines then "x"', (bytes) => build.withHeaders('trailing whitespace', '', Buffer.from(`${'\n'.repeat(bytes)}x`), {})));
		cases.push(...escalating('valid body then spaces, signed', (bytes) => build.authed('trailing whitespace', '', Buffer.from(`${valid}${' '.repeat(bytes)}`), 'answered')));
		cases.push(...escalating('valid body then newlines, signed', (bytes) => build.authed('trailing whitespace', '', Buffer.from(`${valid}${'\r\n'.repeat(bytes / 2)}`), 'answered')));
	}

	for (const extra of profile.classCases?.(context) ?? []) cases.push(extra);
	return cases;
}
