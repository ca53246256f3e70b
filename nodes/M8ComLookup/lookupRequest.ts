import type { IDataObject } from 'n8n-workflow';

import { normalizedCall, toParty, type NormalizedCall } from '../../lib/normalized';
import { MAX_JSON_DEPTH, nestedDeeperThan } from '../../lib/rawBody';

/**
 * The experimental `user` M8Com adds when "Send user info" is on (its shape may still change): `firstName`,
 * `lastName`, `displayName`, `id`, `userIds: [{ type, username }]`. Passed on as sent, so nothing in it is
 * trusted to have a type: read it through lookupUserFields.
 */
export type LookupUser = IDataObject;

/** The user's fields the package reads, each a non-empty string or undefined. */
export interface LookupUserFields {
	id?: string;
	name?: string;
	email?: string;
	mobilePhone?: string;
}

export interface LookupRequest {
	fromNumber: string;
	toNumber?: string;
	user?: LookupUser;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; message: string };

const first = (value: unknown): unknown => (Array.isArray(value) ? value[0] : value);

const textParameter = (value: unknown): string | undefined => {
	const v = first(value);
	return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
};

const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** As Express's query parser (qs) for n8n: arrays take indexes up to 20, at most 5 levels below `user`. */
const ARRAY_LIMIT = 20;
const MAX_DEPTH = 5;

const isArrayIndex = (segment: string): boolean => /^\d{1,2}$/.test(segment) && Number(segment) <= ARRAY_LIMIT;

/**
 * The bracket segments of a flat key: `user[userIds][0][type]` → `['userIds', '0', 'type']`; undefined when the
 * key is not `user[…]…`. Segments below MAX_DEPTH stay together as one key, as qs does. One pass over the key:
 * each `[` is matched with the next `]` (a regular expression searching for them restarted at every `[`).
 */
export function userKeySegments(key: string): string[] | undefined {
	if (!key.startsWith('user[')) return undefined;
	const segments: string[] = [];
	let index = 'user'.length;
	while (index < key.length && segments.length < MAX_DEPTH) {
		const open = key.indexOf('[', index);
		const close = open < 0 ? -1 : key.indexOf(']', open + 1);
		if (close < 0) break;
		segments.push(key.slice(open + 1, close));
		index = close + 1;
	}
	if (segments.length === 0 || segments[0] === '') return undefined;
	if (index < key.length && segments.length === MAX_DEPTH) segments.push(key.slice(index));
	return segments;
}

type Container = Record<string, unknown> | unknown[];

/**
 * Sets `value` at a bracket path such as `userIds][0][type` (small numeric segments make arrays). A key that is
 * not a small index, below an array, is dropped: arrays stay arrays, and no array grows beyond ARRAY_LIMIT.
 */
function setPath(target: IDataObject, segments: string[], value: unknown): void {
	if (segments.some((segment) => UNSAFE_KEYS.has(segment))) return;
	let node: Container = target;
	for (const [index, segment] of segments.entries()) {
		if (Array.isArray(node) && !isArrayIndex(segment)) return;
		const container = node as Record<string, unknown>;
		if (index === segments.length - 1) {
			container[segment] = value;
			return;
		}
		if (typeof container[segment] !== 'object' || container[segment] === null) {
			container[segment] = isArrayIndex(segments[index + 1]) ? [] : {};
		}
		node = container[segment] as Container;
	}
}

const isPlainObject = (value: unknown): value is IDataObject =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Reads the `user` parameter in any of the forms it arrives in: already an object (a nested query parser),
 * a JSON string (`user={"firstName":…}`), or flat bracket keys (`user[firstName]=…`, `user[userIds][0][type]=…`).
 * The user is passed on as sent; its fields are type-checked where they are read (lookupUserFields).
 */
export function parseUserParameter(query: IDataObject): ParseResult<LookupUser | undefined> {
	const direct = first(query.user);
	if (isPlainObject(direct)) return { ok: true, value: direct as LookupUser };
	if (typeof direct === 'object' && direct !== null) return { ok: false, message: 'The user parameter is not an object' };
	if (typeof direct === 'string' && direct.trim() !== '') {
		let parsed: unknown;
		try {
			parsed = JSON.parse(direct);
		} catch {
			parsed = undefined;
		}
		if (!isPlainObject(parsed) || nestedDeeperThan(parsed, MAX_JSON_DEPTH)) {
			return { ok: false, message: 'The user parameter is not a JSON object' };
		}
		return { ok: true, value: parsed as LookupUser };
	}
	const user: IDataObject = {};
	for (const [key, value] of Object.entries(query)) {
		const segments = userKeySegments(key);
		if (segments) setPath(user, segments, first(value));
	}
	return { ok: true, value: Object.keys(user).length > 0 ? (user as LookupUser) : undefined };
}

/** The lookup's query string: `fromNumber` always, `toNumber` when applicable, `user` when enabled. */
export function parseLookupQuery(query: IDataObject): ParseResult<LookupRequest> {
	const fromNumber = textParameter(query.fromNumber);
	if (!fromNumber) return { ok: false, message: 'The fromNumber query parameter is required' };
	const user = parseUserParameter(query);
	if (!user.ok) return user;
	const request: LookupRequest = { fromNumber };
	const toNumber = textParameter(query.toNumber);
	if (toNumber) request.toNumber = toNumber;
	if (user.value) request.user = user.value;
	return { ok: true, value: request };
}

const textOf = (value: unknown): string | undefined => {
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
};

/** The username of the first `userIds` entry of this type (M8Com sends at most a handful; only 20 are read). */
function userLoginId(user: LookupUser, type: string): string | undefined {
	if (!Array.isArray(user.userIds)) return undefined;
	const entry = user.userIds.slice(0, 20).find((id) => isPlainObject(id) && id.type === type) as IDataObject | undefined;
	return textOf(entry?.username);
}

/** The user's id, name, email and mobile number, where they are strings (or finite numbers for the id). */
export function lookupUserFields(user: LookupUser | undefined): LookupUserFields {
	if (!user) return {};
	const names = [textOf(user.firstName), textOf(user.lastName)].filter((part) => part !== undefined);
	return {
		id: textOf(user.id),
		name: textOf(user.displayName) ?? (names.length > 0 ? names.join(' ') : undefined),
		email: userLoginId(user, 'email'),
		mobilePhone: userLoginId(user, 'mobilePhone'),
	};
}

/**
 * The lookup in the shared call model. A lookup is not always a call (M8Com also looks up numbers typed in a
 * search or shown in a call log), so direction stays null; the M8Com user, when sent, is the agent.
 */
export function normalizeLookup(request: LookupRequest, defaultCountry: string): NormalizedCall {
	const user = lookupUserFields(request.user);
	return normalizedCall('m8com', 'lookup', {
		from: toParty({ number: request.fromNumber }, defaultCountry),
		to: toParty({ number: request.toNumber }, defaultCountry),
		agent: request.user
			? toParty({ name: user.name, email: user.email, number: user.mobilePhone, userId: user.id }, defaultCountry)
			: null,
	});
}
