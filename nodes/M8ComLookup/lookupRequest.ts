import type { IDataObject } from 'n8n-workflow';

import { normalizedCall, toParty, type NormalizedCall } from '../../lib/normalized';

/** The experimental `user` M8Com adds when "Send user info" is on (its shape may still change). */
export interface LookupUser extends IDataObject {
	firstName?: string;
	lastName?: string;
	displayName?: string;
	id?: string;
	userIds?: Array<{ type?: string; username?: string }>;
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

/** Sets `value` at a bracket path such as `userIds][0][type` (numeric segments make arrays). */
function setPath(target: IDataObject, segments: string[], value: unknown): void {
	if (segments.some((segment) => UNSAFE_KEYS.has(segment))) return;
	let node = target as Record<string, unknown>;
	segments.forEach((segment, index) => {
		const key = /^\d+$/.test(segment) ? Number(segment) : segment;
		if (index === segments.length - 1) {
			node[key] = value;
			return;
		}
		if (typeof node[key] !== 'object' || node[key] === null) {
			node[key] = /^\d+$/.test(segments[index + 1]) ? [] : {};
		}
		node = node[key] as Record<string, unknown>;
	});
}

/**
 * Reads the `user` parameter in any of the forms it arrives in: already an object (a nested query parser),
 * a JSON string (`user={"firstName":…}`), or flat bracket keys (`user[firstName]=…`, `user[userIds][0][type]=…`).
 */
export function parseUserParameter(query: IDataObject): ParseResult<LookupUser | undefined> {
	const direct = first(query.user);
	if (typeof direct === 'object' && direct !== null) return { ok: true, value: direct as LookupUser };
	if (typeof direct === 'string' && direct.trim() !== '') {
		try {
			const parsed: unknown = JSON.parse(direct);
			if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
				return { ok: true, value: parsed as LookupUser };
			}
		} catch {
			// reported below
		}
		return { ok: false, message: 'The user parameter is not a JSON object' };
	}
	const user: IDataObject = {};
	for (const [key, value] of Object.entries(query)) {
		const match = /^user\[([^\]]+)\](.*)$/.exec(key);
		if (!match) continue;
		const rest = [...match[2].matchAll(/\[([^\]]*)\]/g)].map((m) => m[1]);
		setPath(user, [match[1], ...rest], first(value));
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

function userLoginId(user: LookupUser, type: string): string | undefined {
	return Array.isArray(user.userIds) ? user.userIds.find((id) => id?.type === type)?.username : undefined;
}

/**
 * The lookup in the shared call model. A lookup is not always a call (M8Com also looks up numbers typed in a
 * search or shown in a call log), so direction stays null; the M8Com user, when sent, is the agent.
 */
export function normalizeLookup(request: LookupRequest, defaultCountry: string): NormalizedCall {
	const { user } = request;
	const userName = user?.displayName ?? ([user?.firstName, user?.lastName].filter(Boolean).join(' ') || undefined);
	return normalizedCall('m8com', 'lookup', {
		from: toParty({ number: request.fromNumber }, defaultCountry),
		to: toParty({ number: request.toNumber }, defaultCountry),
		agent: user
			? toParty(
					{
						name: userName,
						email: userLoginId(user, 'email'),
						number: userLoginId(user, 'mobilePhone'),
						userId: user.id,
					},
					defaultCountry,
				)
			: null,
	});
}
