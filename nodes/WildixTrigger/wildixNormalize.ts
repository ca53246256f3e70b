import { isoFromMs, normalizedCall, toParty, type CallDirection, type NormalizedCall, type NormalizedParty } from '../../lib/normalized';
import type { WildixEnvelope } from './wildixEnvelope';

/**
 * Wildix events in the package's shared call model (DESIGN.md decision 7), and beside it (`wildixCall`, never
 * inside `normalized`) what only Wildix has: both parties as Wildix describes them, LOCAL users (the PBX's own
 * users) apart from external parties, the end cause and who ended the call. Field names follow Wildix's payloads:
 *
 * - call:start / call:update / call:end: `data` is the call itself: `caller`, `callee` (null until known),
 *   `destination`, `status`, `trunkName`, `queueName`/`queueId`, `endCause`, `endCauseStr`, `endBy`.
 * - call:live:* and call:completed: `data` is the call record `{ id, start, flows: [...] }`; each flow has its own
 *   `caller`, `callee`, `destination`, `direction` (INBOUND/OUTBOUND/INTERNAL), `startTime`, `endTime`,
 *   `duration`, `talkTime`, `waitTime` (milliseconds) and `callStatus`/`status`.
 * - call:transcription:completed: the call under `data.call`.
 *
 * A party's `type` is `LOCAL` for a user of the PBX; anything else (e.g. `REMOTE`) is an external party.
 * Where an event has no source for a field, the field is null.
 */

type Json = Record<string, unknown>;

export interface WildixParty extends NormalizedParty {
	/** The PBX extension of a LOCAL user. */
	extension: string | null;
	department: string | null;
	/** Wildix's party type as sent (`LOCAL`, `REMOTE`, …). */
	type: string | null;
	/** true for a user of the PBX (`LOCAL`), false for an external party, null when Wildix did not say. */
	local: boolean | null;
}

/** What only Wildix tells about a call: the item's `wildixCall`, beside `normalized`. */
export interface WildixCallDetails {
	caller: WildixParty | null;
	callee: WildixParty | null;
	/** Every PBX user in the call (all flows), once each. */
	localUsers: WildixParty[];
	/** Every party outside the PBX in the call (all flows), once each. */
	externalParties: WildixParty[];
	/** The call's status as Wildix sent it (`CONNECTING`, `COMPLETED`, …). */
	status: string | null;
	/** Wildix's end cause code (Q.850, e.g. "16", "21") and its text (e.g. "Call Rejected"). */
	endCause: string | null;
	endCauseText: string | null;
	/** Who ended the call, lower-cased from Wildix's `endBy` (e.g. "caller", "callee"). */
	endedBy: string | null;
}

/** The compact presence object for presence:user, presence:telephony and presence:conference events. */
export interface WildixPresence {
	kind: string;
	extension: string | null;
	email: string | null;
	name: string | null;
	/** presence:user: available, away, dnd, …; presence:telephony: registered, ringing, talking, rt. */
	status: string | null;
	message: string | null;
	/** Until when a user status holds (ISO), when the user set one. */
	until: string | null;
	location: { address: string | null; lat: string | null; lng: string | null } | null;
	/** presence:telephony: true while talking (talking, rt), false when registered or ringing. */
	onCall: boolean | null;
	/** presence:telephony: true while the phone rings (ringing, rt: talking and ringing), false otherwise. */
	ringing: boolean | null;
	/** presence:conference: true when the user joined, false when they left. */
	inConference: boolean | null;
	at: string | null;
}

const FINAL_EVENTS = new Set(['call:end', 'call:completed', 'call:live:completed', 'call:live:interrupted']);
// Maps, so that a value sent as "constructor" or "__proto__" finds nothing (a plain object would hand out its prototype).
const DIRECTIONS = new Map<string, CallDirection>([
	['INBOUND', 'inbound'],
	['OUTBOUND', 'outbound'],
	['INTERNAL', 'internal'],
]);
/** presence:telephony states: [on a call, ringing]. `rt` is Wildix's "talking and ringing" (a second call rings). */
const PHONE_STATES = new Map<string, { onCall: boolean; ringing: boolean }>([
	['registered', { onCall: false, ringing: false }],
	['ringing', { onCall: false, ringing: true }],
	['talking', { onCall: true, ringing: false }],
	['rt', { onCall: true, ringing: true }],
]);

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string | null =>
	typeof value === 'string' && value.trim() !== '' ? value.trim() : typeof value === 'number' ? String(value) : null;
const num = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);
/** A computed number (a sum, a difference) that overflowed to ±Infinity is no number. */
const finite = (value: number | null): number | null => (value !== null && Number.isFinite(value) ? value : null);

function wildixParty(value: unknown, defaultCountry: string): WildixParty | null {
	if (!isObject(value)) return null;
	const type = text(value.type);
	return {
		...toParty({ number: value.phone, name: value.name, email: value.email, userId: value.userId }, defaultCountry),
		extension: text(value.userExtension),
		department: text(value.userDepartment),
		type,
		local: type === null ? null : type.toUpperCase() === 'LOCAL',
	};
}

/** The shared model's party (without the Wildix extras), so from/to/agent look the same for every vendor. */
function plainParty(party: WildixParty | null): NormalizedParty | null {
	if (!party) return null;
	const { number, e164, name, email, userId } = party;
	return { number, e164, name, email, userId };
}

/** The call's flows: call records have `flows`, the transcription event nests the call, call:start… are one flow. */
function callRecord(data: Json): { record: Json; flows: Json[] } {
	const record = isObject(data.call) ? data.call : data;
	const flows = Array.isArray(record.flows) ? record.flows.filter(isObject) : [record];
	return { record, flows: flows.length > 0 ? flows : [record] };
}

function directionOf(caller: WildixParty | null, callee: WildixParty | null, flow: Json, record: Json): CallDirection {
	if (typeof caller?.local === 'boolean' && typeof callee?.local === 'boolean') {
		if (caller.local && callee.local) return 'internal';
		if (caller.local) return 'outbound';
		if (callee.local) return 'inbound';
	}
	const stated = DIRECTIONS.get((text(flow.direction) ?? text(record.direction) ?? '').toUpperCase());
	if (stated) return stated;
	// An external caller always reaches the business from outside; a user dialling out through a trunk calls out.
	if (caller?.local === false) return 'inbound';
	if (caller?.local === true && text(flow.trunkName)) return 'outbound';
	return null;
}

/** The business-side user of a flow: the callee of an inbound call, otherwise the caller (when LOCAL). */
function agentOf(flow: Json, direction: CallDirection, defaultCountry: string): WildixParty | null {
	const caller = wildixParty(flow.caller, defaultCountry);
	const callee = wildixParty(flow.callee, defaultCountry);
	const ordered = direction === 'inbound' ? [callee, caller] : [caller, callee];
	return ordered.find((party) => party?.local === true) ?? null;
}

function uniqueParties(parties: Array<WildixParty | null>): WildixParty[] {
	const seen = new Set<string>();
	return parties.filter((party): party is WildixParty => {
		if (!party) return false;
		const key = `${party.userId ?? ''}|${party.number ?? ''}|${party.name ?? ''}`;
		if (seen.has(key)) return false;
		seen.add(key);
		return true;
	});
}

const sum = (values: Array<number | null>): number | null => {
	const numbers = values.filter((v): v is number => v !== null);
	return numbers.length > 0 ? finite(numbers.reduce((a, b) => a + b, 0)) : null;
};

/** The smallest and largest of the numbers, by a loop: a spread into Math.min of 130,000 flows overflowed the stack. */
function range(values: Array<number | null>): { min: number; max: number } | null {
	let min = Infinity;
	let max = -Infinity;
	for (const value of values) {
		if (value === null) continue;
		if (value < min) min = value;
		if (value > max) max = value;
	}
	return min <= max ? { min, max } : null;
}

function isoFromText(value: unknown): string | null {
	const t = text(value);
	if (t === null) return null;
	const ms = Date.parse(t);
	return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

function answeredOf(type: string, flows: Json[], status: string | null): boolean | null {
	const talkTimes = flows.map((flow) => num(flow.talkTime)).filter((t): t is number => t !== null);
	if (talkTimes.some((t) => t > 0)) return true;
	if (!FINAL_EVENTS.has(type)) return null;
	if (talkTimes.length > 0) return false;
	// call:end carries no times; a call that ends while still connecting was never answered.
	return status === 'CONNECTING' || status === 'RINGING' ? false : null;
}

/** `normalized` for a call:* event. */
export function normalizeWildixCall(
	envelope: WildixEnvelope,
	defaultCountry: string,
): { normalized: NormalizedCall; wildixCall: WildixCallDetails } {
	const data = envelope.data;
	const { record, flows } = callRecord(data);
	const first = flows[0];
	const last = flows[flows.length - 1];
	const caller = wildixParty(first.caller, defaultCountry);
	const callee = wildixParty(first.callee, defaultCountry);
	const direction = directionOf(caller, callee, first, record);
	const answeredFlow = [...flows].reverse().find((flow) => (num(flow.talkTime) ?? 0) > 0) ?? last;
	const allParties = uniqueParties(flows.flatMap((flow) => [wildixParty(flow.caller, defaultCountry), wildixParty(flow.callee, defaultCountry)]));
	const queueFlow = flows.find((flow) => text(flow.queueName) ?? text(flow.queueId));

	const startMs = range(flows.map((flow) => num(flow.startTime)))?.min ?? null;
	const endMs = range(flows.map((flow) => num(flow.endTime)))?.max ?? null;
	const status = text(record.status) ?? text(last.callStatus) ?? text(last.status);
	const endBy = text(record.endBy) ?? text(last.endBy);

	return {
		normalized: normalizedCall('wildix', envelope.type, {
			callId: text(record.id) ?? envelope.id,
			direction,
			from: plainParty(caller) ?? toParty({}, defaultCountry),
			to: plainParty(callee) ?? toParty({ number: first.destination ?? record.destination }, defaultCountry),
			startedAt:
				isoFromText(record.start) ?? isoFromMs(startMs) ?? (envelope.type === 'call:start' ? isoFromMs(envelope.time) : null),
			endedAt: isoFromMs(endMs) ?? (envelope.type === 'call:end' ? isoFromMs(envelope.time) : null),
			durationMs: startMs !== null && endMs !== null ? finite(endMs - startMs) : sum(flows.map((flow) => num(flow.duration))),
			talkTimeMs: sum(flows.map((flow) => num(flow.talkTime))),
			waitTimeMs: sum(flows.map((flow) => num(flow.waitTime))),
			answered: answeredOf(envelope.type, flows, status),
			agent: plainParty(agentOf(answeredFlow, direction, defaultCountry)),
			answerGroup: queueFlow
				? toParty({ name: queueFlow.queueName, userId: queueFlow.queueId }, defaultCountry)
				: null,
		}),
		wildixCall: {
			caller,
			callee,
			localUsers: allParties.filter((party) => party.local === true),
			externalParties: allParties.filter((party) => party.local === false),
			status,
			endCause: text(record.endCause) ?? text(last.endCause),
			endCauseText: text(record.endCauseStr) ?? text(last.endCauseStr),
			endedBy: endBy === null ? null : endBy.toLowerCase(),
		},
	};
}

/** The compact `presence` object for a presence:* event. */
export function compactWildixPresence(envelope: WildixEnvelope): WildixPresence {
	const data = envelope.data;
	const participant = isObject(data.participant) ? data.participant : {};
	const location = isObject(data.location) ? data.location : null;
	const status = text(data.status);
	const place = location
		? { address: text(location.address), lat: text(location.lat), lng: text(location.lng) }
		: null;
	const joined = data.isJoined === true ? true : data.isLeaved === true ? false : null;
	const phone = envelope.type === 'presence:telephony' && status !== null ? PHONE_STATES.get(status.toLowerCase()) : undefined;
	return {
		kind: envelope.type.slice('presence:'.length),
		extension: text(data.extension) ?? text(participant.pbxExtension),
		email: text(data.email) ?? text(participant.email),
		name: text(participant.name),
		status,
		message: text(data.message),
		until: isoFromText(data.until),
		location: place && (place.address ?? place.lat ?? place.lng) !== null ? place : null,
		onCall: phone?.onCall ?? null,
		ringing: phone?.ringing ?? null,
		inConference: envelope.type === 'presence:conference' ? joined : null,
		at: isoFromMs(envelope.time),
	};
}
