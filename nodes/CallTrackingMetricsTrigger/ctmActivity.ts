/**
 * CTM's three webhook body types, read into plain objects, and the activity turned into the package's
 * cross-vendor `normalized` call plus CTM's marketing attribution (which the shared model has no place for).
 */
import type { IDataObject } from 'n8n-workflow';

import { parseJson } from '../../lib/rawBody';
import { isoFromMs, normalizedCall, toParty, type CallDirection, type NormalizedCall } from '../../lib/normalized';
import { PHASE_QUERY_PARAMETER } from './ctmPhases';

export type CtmBodyType = 'logData' | 'resourceLink' | 'pixel';

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

export const VENDOR = 'ctm';

/** Where a resource link points: `…/api/v1/accounts/{account_id}/calls/{logid}.json`. */
export interface ResourceLink {
	url: string;
	accountId: string | null;
	activityId: string | null;
}

export interface Attribution {
	source: string | null;
	sourceId: string | null;
	trackingLabel: string | null;
	campaign: string | null;
	medium: string | null;
	keyword: string | null;
	referrer: string | null;
	landingPage: string | null;
}

const isObject = (value: unknown): value is IDataObject =>
	typeof value === 'object' && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value);

/** A pixel replacement variable CTM left as it was (e.g. ":callid") carries no value. */
const UNREPLACED = /^:[a-z_]+$/i;

const text = (value: unknown): string | null => {
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	if (typeof value !== 'string') return null;
	const trimmed = value.trim();
	return trimmed === '' || UNREPLACED.test(trimmed) ? null : trimmed;
};

/** Seconds as a number or numeric text; null for anything else, and for values too large to be finite (400 digits). */
const seconds = (value: unknown): number | null => {
	const t = text(value);
	if (t === null || !/^\d+(\.\d+)?$/.test(t)) return null;
	const number = Number(t);
	return Number.isFinite(number * 1000) ? number : null;
};

const msFromSeconds = (value: unknown): number | null => {
	const s = seconds(value);
	return s === null ? null : Math.round(s * 1000);
};

/** Sets an own, enumerable property even for names like `__proto__`, so no prototype is ever touched. */
function define(target: IDataObject, key: string, value: unknown): void {
	Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * A posted form (a pixel sent by POST): its fields, the first value of each, every name kept as sent —
 * `constructor` and `__proto__` too, as own fields (an `in` check or a plain assignment would consult or change
 * the object's prototype).
 */
export function parseFormFields(raw: Buffer): IDataObject {
	const fields: IDataObject = {};
	for (const [key, value] of new URLSearchParams(raw.toString('utf8'))) {
		if (!Object.prototype.hasOwnProperty.call(fields, key)) define(fields, key, value);
	}
	return fields;
}

/** The body as a JSON (or form) object: n8n's parsed body, else the raw bytes parsed as JSON. */
export function readObjectBody(body: unknown, rawBody: Buffer | undefined): IDataObject | undefined {
	if (isObject(body) && Object.keys(body).length > 0) return body;
	const raw = typeof body === 'string' && body.trim() !== '' ? Buffer.from(body) : rawBody;
	if (!raw || raw.length === 0) return undefined;
	const parsed = parseJson(raw);
	return parsed.ok && isObject(parsed.value) ? parsed.value : undefined;
}

/** "Log data": the activity JSON as CTM knew it when the webhook fired. */
export function parseLogData(body: unknown, rawBody: Buffer | undefined): Parsed<IDataObject> {
	const activity = readObjectBody(body, rawBody);
	if (!activity) return { ok: false, message: 'Expected the activity as a JSON object (CTM body type "Log data")' };
	return { ok: true, value: activity };
}

const RESOURCE_PATH = /\/accounts\/([A-Za-z0-9_-]+)\/calls\/([A-Za-z0-9_-]+?)(?:\.json)?\/?$/;

export function parseResourceUrl(url: string): ResourceLink | undefined {
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		return undefined;
	}
	if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return undefined;
	const match = RESOURCE_PATH.exec(parsed.pathname);
	return { url, accountId: match?.[1] ?? null, activityId: match?.[2] ?? null };
}

/** "Resource link": `{"resource_url": "https://…/api/v1/accounts/{account_id}/calls/{logid}.json"}`. */
export function parseResourceLink(
	body: unknown,
	rawBody: Buffer | undefined,
): Parsed<{ payload: IDataObject; link: ResourceLink }> {
	const payload = readObjectBody(body, rawBody);
	const url = typeof payload?.resource_url === 'string' ? payload.resource_url.trim() : '';
	const link = url ? parseResourceUrl(url) : undefined;
	if (!payload || !link) {
		return { ok: false, message: 'Expected {"resource_url": "https://…"} (CTM body type "Resource link")' };
	}
	return { ok: true, value: { payload, link } };
}

/**
 * "Pixel": the replacement values CTM put in the URL's query (`callid=:callid&duration=:duration…`), plus any
 * fields of a POSTed body. The `trigger` parameter is the node's own and is left out.
 */
export function parsePixel(query: IDataObject, body: unknown, rawBody: Buffer | undefined): IDataObject {
	const values: IDataObject = {};
	for (const [key, value] of Object.entries(query)) {
		if (key !== PHASE_QUERY_PARAMETER) define(values, key, value);
	}
	const posted = readObjectBody(body, rawBody);
	if (posted) for (const [key, value] of Object.entries(posted)) define(values, key, value);
	return values;
}

function directionOf(value: unknown): CallDirection {
	const d = text(value)?.toLowerCase() ?? '';
	if (d.includes('outbound') || d === 'out' || d === 'msg_outbound') return 'outbound';
	if (d.includes('inbound') || d === 'in' || d === 'form' || d === 'chat') return 'inbound';
	return null;
}

/** The longest `called_at` CTM writes ("2024-03-01 09:15:00 AM -05:00" is 29 characters), with room to spare. */
const MAX_CALLED_AT_LENGTH = 40;

/**
 * CTM's `called_at` looks like "2024-03-01 09:15 AM -05:00"; `unix_time` is preferred when present. Every field
 * has a bounded length (at most two spaces between them): with `\s*` on both sides of the optional AM/PM, a
 * value of spaces took quadratic time, unauthenticated in CTM's default set-up.
 */
export function parseCalledAt(value: unknown): number | null {
	const t = text(value);
	if (!t || t.length > MAX_CALLED_AT_LENGTH) return null;
	const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?(?: {0,2}(AM|PM))?(?: {0,2}(Z|[+-]\d{2}:?\d{2}))?$/i.exec(t);
	if (!m) return null;
	let hour = Number(m[4]);
	const meridiem = m[7]?.toUpperCase();
	if (meridiem === 'PM' && hour < 12) hour += 12;
	if (meridiem === 'AM' && hour === 12) hour = 0;
	const zone = !m[8] || m[8].toUpperCase() === 'Z' ? 'Z' : m[8].replace(/^([+-]\d{2})(\d{2})$/, '$1:$2');
	const iso = `${m[1]}-${m[2]}-${m[3]}T${String(hour).padStart(2, '0')}:${m[5]}:${m[6] ?? '00'}${zone}`;
	const ms = Date.parse(iso);
	return Number.isNaN(ms) ? null : ms;
}

const NOT_ANSWERED = new Set(['no answer', 'no-answer', 'no_answer', 'missed', 'busy', 'failed', 'canceled', 'cancelled', 'abandoned', 'voicemail']);

function answeredOf(activity: IDataObject): boolean | null {
	const talk = seconds(activity.talk_time);
	if (talk !== null && talk > 0) return true;
	const status = (text(activity.call_status) ?? text(activity.status) ?? text(activity.dial_status))?.toLowerCase();
	if (status === undefined) return null;
	if (status === 'answered') return true;
	return NOT_ANSWERED.has(status) ? false : null;
}

function agentOf(value: unknown, defaultCountry: string) {
	if (!isObject(value)) return null;
	const party = toParty({ name: value.name, email: value.email, userId: value.id }, defaultCountry);
	return party.name || party.email || party.userId ? party : null;
}

/** The activity as the shared call model; phone numbers in E.164 through the default country. */
export function normalizeActivity(activity: IDataObject, phase: string | null, defaultCountry: string): NormalizedCall {
	const direction = directionOf(activity.direction);
	const caller = toParty(
		{ number: text(activity.caller_number) ?? text(activity.contact_number), name: activity.name, email: activity.email },
		defaultCountry,
	);
	const tracking = toParty({ number: activity.tracking_number, name: activity.tracking_label }, defaultCountry);
	const unix = seconds(activity.unix_time);
	const startedMs = unix !== null ? unix * 1000 : parseCalledAt(activity.called_at);
	const durationMs = msFromSeconds(activity.duration);
	const audio = text(activity.audio);
	return normalizedCall(VENDOR, phase ?? 'activity', {
		callId: text(activity.id),
		direction,
		from: direction === 'outbound' ? tracking : caller,
		to: direction === 'outbound' ? caller : tracking,
		startedAt: isoFromMs(startedMs),
		endedAt: startedMs !== null && durationMs !== null && durationMs > 0 ? isoFromMs(startedMs + durationMs) : null,
		durationMs,
		talkTimeMs: msFromSeconds(activity.talk_time),
		waitTimeMs: msFromSeconds(activity.ring_time),
		answered: answeredOf(activity),
		agent: agentOf(activity.agent, defaultCountry),
		recordingUrls: audio && /^https?:\/\//i.test(audio) ? [audio] : [],
	});
}

/** A pixel carries only what its replacement variables hold: call id, duration, direction (and what the user added). */
export function normalizePixel(values: IDataObject, phase: string | null, defaultCountry: string): NormalizedCall {
	const direction = directionOf(values.direction);
	const caller = toParty({ number: values.caller_number }, defaultCountry);
	const tracking = toParty({ number: values.tracking_number }, defaultCountry);
	return normalizedCall(VENDOR, phase ?? 'pixel', {
		callId: text(values.callid) ?? text(values.call_id) ?? text(values.id),
		direction,
		from: direction === 'outbound' ? tracking : caller,
		to: direction === 'outbound' ? caller : tracking,
		durationMs: msFromSeconds(values.duration),
		talkTimeMs: msFromSeconds(values.talk_time),
	});
}

/** A resource link not fetched: only the activity id is known. */
export function normalizeResourceLink(link: ResourceLink, phase: string | null): NormalizedCall {
	return normalizedCall(VENDOR, phase ?? 'activity', { callId: link.activityId });
}

const named = (value: unknown): string | null => (isObject(value) ? text(value.name) : text(value));

/** CTM's marketing attribution, emitted beside `normalized` (the shared model has no marketing fields). */
export function attributionOf(activity: IDataObject): Attribution {
	const paid = isObject(activity.paid) ? activity.paid : {};
	return {
		source: named(activity.source) ?? text(activity.source_name),
		sourceId: text(activity.source_id),
		trackingLabel: text(activity.tracking_label),
		campaign: named(activity.campaign) ?? text(activity.utm_campaign) ?? named(paid.campaign),
		medium: text(activity.medium) ?? text(activity.utm_medium) ?? text(paid.medium),
		keyword: text(activity.search) ?? text(activity.keyword) ?? text(activity.utm_term) ?? text(paid.keyword),
		referrer: text(activity.referrer),
		landingPage: text(activity.location),
	};
}

/** A pixel's `:source` (and any campaign/medium/keyword values the user added to the URL). */
export function attributionOfPixel(values: IDataObject): Attribution {
	return {
		source: text(values.source),
		sourceId: text(values.source_id),
		trackingLabel: text(values.tracking_label),
		campaign: text(values.campaign),
		medium: text(values.medium),
		keyword: text(values.keyword),
		referrer: text(values.referrer),
		landingPage: text(values.landing_page),
	};
}

export const EMPTY_ATTRIBUTION: Attribution = attributionOfPixel({});
