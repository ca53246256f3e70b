/**
 * From the template fields AutoID sent to the phase of the call (begin or end) and the shared call model.
 * Both read the field names of the recommended templates (autoIdTokens.ts); with any other template the fields
 * still pass through as sent, and `normalized` simply stays mostly empty.
 */
import type { IDataObject } from 'n8n-workflow';

import { normalizedCall, toParty, type NormalizedCall } from '../../lib/normalized';
import { AUTOID_TOKENS, fieldOf } from './autoIdTokens';

export type CallPhase = 'call_begin' | 'call_end';
export type PhaseSource = 'field' | 'query' | 'call end fields';

/** The shared model plus two AutoID facts a CRM flow asks for: the campaign and the raw dial status. */
/** What only AutoID tells about a call: the item's `autoIdCall`, beside `normalized` (never inside it). */
export interface AutoIdCallDetails {
	campaign: string | null;
	dialStatus: string | null;
}

type AutoIdNormalized = NormalizedCall & AutoIdCallDetails;

/** The template's fields: a JSON object as sent, or the XML root element's children. */
export function templateFields(body: unknown): IDataObject {
	return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as IDataObject) : {};
}

/** Each template's field names by their lower case (the first name wins), built once per template. */
const namesByLowerCase = new WeakMap<IDataObject, Map<string, string>>();

function lowerCaseIndex(fields: IDataObject): Map<string, string> {
	let index = namesByLowerCase.get(fields);
	if (!index) {
		index = new Map();
		for (const name of Object.keys(fields)) {
			const lower = name.toLowerCase();
			if (!index.has(lower)) index.set(lower, name);
		}
		namesByLowerCase.set(fields, index);
	}
	return index;
}

/**
 * A field by its recommended name; if absent, by the same name in another case (`CallID` for `callid`). The
 * case-insensitive lookup goes through an index built once, not a scan of every field for every token.
 */
export function field(fields: IDataObject, name: string): unknown {
	if (Object.prototype.hasOwnProperty.call(fields, name)) return fields[name];
	const key = lowerCaseIndex(fields).get(name.toLowerCase());
	return key === undefined ? undefined : fields[key];
}

const UNFILLED_TOKEN = /^%[A-Za-z0-9_]+%$/;

/** A field's value as text: trimmed, and null when empty or when AutoID left the `%token%` unfilled. */
export function text(value: unknown): string | null {
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	if (typeof value !== 'string') return null;
	const trimmed = value.trim();
	return trimmed === '' || UNFILLED_TOKEN.test(trimmed) ? null : trimmed;
}

const textField = (fields: IDataObject, token: string) => text(field(fields, fieldOf(token)));

/** Whether a value says something: not empty, not an unfilled token, not a zero, not an empty list or object. */
function hasValue(value: unknown): boolean {
	if (Array.isArray(value)) return value.some(hasValue);
	if (typeof value === 'object' && value !== null) return Object.values(value).some(hasValue);
	const asText = text(value);
	return asText !== null && !/^0+(\.0+)?$/.test(asText);
}

const PHASE_WORDS: Record<string, CallPhase> = {
	call_begin: 'call_begin',
	callbegin: 'call_begin',
	begin: 'call_begin',
	beginning: 'call_begin',
	start: 'call_begin',
	call_start: 'call_begin',
	call_end: 'call_end',
	callend: 'call_end',
	end: 'call_end',
	ended: 'call_end',
	completed: 'call_end',
};

/** Reads `call_begin`, `Call Begin`, `begin`, `start`, `call-end`, `END`, … ; anything else is undefined. */
export function phaseFromWord(value: unknown): CallPhase | undefined {
	const word = text(Array.isArray(value) ? value[0] : value);
	if (!word) return undefined;
	const key = word.toLowerCase().replace(/[\s-]+/g, '_');
	return Object.prototype.hasOwnProperty.call(PHASE_WORDS, key) ? PHASE_WORDS[key] : undefined;
}

/** The fields AutoID only knows at the end of a call (its "call_end" tokens). */
const CALL_END_FIELDS = AUTOID_TOKENS.filter((entry) => entry.category === 'call_end').map((entry) => entry.field);

/**
 * Which webhook this is. AutoID sends a campaign's webhook at the beginning or at the end of the call, as set
 * per campaign, and says nothing about it in the request; so, in order:
 * 1. a template field named `phaseField` (e.g. `"phase": "call_end"`),
 * 2. a query parameter of that name in the URL given to AutoID (`…/autoid/calls?phase=call_end`),
 * 3. otherwise call end when any call-end field (call end time, dial status, durations, ring count,
 *    recordings, prompt responses) carries a value, and call begin when none does.
 */
export function detectPhase(
	fields: IDataObject,
	query: IDataObject,
	phaseField: string,
): { phase: CallPhase; source: PhaseSource } {
	const name = phaseField.trim();
	if (name !== '') {
		const fromField = phaseFromWord(field(fields, name));
		if (fromField) return { phase: fromField, source: 'field' };
		const fromQuery = phaseFromWord(query[name]);
		if (fromQuery) return { phase: fromQuery, source: 'query' };
	}
	const ended = CALL_END_FIELDS.some((name) => hasValue(field(fields, name)));
	return { phase: ended ? 'call_end' : 'call_begin', source: 'call end fields' };
}

const ISO_WITHOUT_ZONE = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?$/;
const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?\s*(Z|[+-]\d{2}:?\d{2})$/i;
const HAS_ZONE = /(\bGMT|\bUTC|Z|[+-]\d{2}:?\d{2})$/i;

function timeToMs(raw: string): number {
	if (/^\d{9,10}$/.test(raw)) return Number(raw) * 1000;
	if (/^\d{12,13}$/.test(raw)) return Number(raw);
	if (ISO_WITH_ZONE.test(raw)) {
		return Date.parse(raw.replace(' ', 'T').replace(/\s+/g, '').replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
	}
	if (ISO_WITHOUT_ZONE.test(raw)) return Date.parse(`${raw.replace(' ', 'T')}Z`);
	return Date.parse(HAS_ZONE.test(raw) ? raw : `${raw} GMT`);
}

/**
 * An AutoID time as ISO 8601 (UTC). AutoID sends 24-hour GMT by default (`2019-03-28T00:05:00.000Z`); times
 * without a zone are read as GMT, Unix seconds and milliseconds are accepted, anything unreadable is null.
 */
export function autoIdTime(value: unknown): string | null {
	const raw = text(value);
	if (raw === null) return null;
	const ms = timeToMs(raw);
	return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}

/** Seconds (a number or numeric text) as milliseconds; null otherwise, and for values too large to be finite. */
export function secondsToMs(value: unknown): number | null {
	const raw = text(value);
	if (raw === null || !/^\d+(\.\d+)?$/.test(raw)) return null;
	const ms = Math.round(Number(raw) * 1000);
	return Number.isFinite(ms) ? ms : null;
}

/** AutoID's DialStatus (Asterisk's): ANSWER means answered; BUSY, NOANSWER, CANCEL, … mean not. */
function answeredFrom(dialStatus: string | null, talkTimeMs: number | null): boolean | null {
	if (dialStatus !== null) return /^ANSWER(ED)?$/i.test(dialStatus);
	if (talkTimeMs !== null && talkTimeMs > 0) return true;
	return null;
}

function callerName(fields: IDataObject): string | null {
	const full = textField(fields, 'ani_full_name');
	if (full) return full;
	const parts = ['ani_first_name', 'ani_middle_name', 'ani_last_name'].map((token) => textField(fields, token));
	return parts.filter(Boolean).join(' ') || null;
}

/** One line for a CRM note, e.g. "Call from +17776734736 (Freddy Krueger) to +17774839229: ANSWER, 29 s talk time". */
function summaryOf(call: AutoIdNormalized, phase: CallPhase): string | null {
	if (call.from.number === null && call.to.number === null && call.callId === null) return null;
	const caller = [call.from.e164 ?? call.from.number ?? 'unknown number', call.from.name ? `(${call.from.name})` : '']
		.filter(Boolean)
		.join(' ');
	const tracking = call.to.e164 ?? call.to.number;
	let summary = `Call from ${caller}${tracking ? ` to ${tracking}` : ''}`;
	if (call.campaign) summary += `, campaign ${call.campaign}`;
	if (phase === 'call_begin') return `${summary}: began`;
	const outcome = [call.dialStatus ?? (call.answered ? 'answered' : call.answered === false ? 'not answered' : 'ended')];
	if (call.talkTimeMs !== null && call.answered) outcome.push(`${Math.round(call.talkTimeMs / 1000)} s talk time`);
	return `${summary}: ${outcome.join(', ')}`;
}

/**
 * The shared call model from the recommended field names: ani → from, tracking → to (with the location's name),
 * call start/end times, dialed time → duration, answered time → talk time (the rest is the wait), dial status →
 * answered, the two recording URLs, the campaign. AutoID tracks calls to a business, so direction is inbound.
 */
export function normalizeAutoId(
	fields: IDataObject,
	phase: CallPhase,
	defaultCountry: string,
): { normalized: NormalizedCall; autoIdCall: AutoIdCallDetails } {
	const durationMs = secondsToMs(field(fields, fieldOf('dialed_time')));
	const talkTimeMs = secondsToMs(field(fields, fieldOf('answered_time')));
	const dialStatus = textField(fields, 'dialstatus');
	const recordingUrls = ['rec_audiourl', 'rec_audiowavurl']
		.map((token) => textField(fields, token))
		.filter((url): url is string => url !== null);
	const call: AutoIdNormalized = {
		...normalizedCall('autoid', phase, {
			callId: textField(fields, 'callid'),
			direction: 'inbound',
			from: toParty({ number: textField(fields, 'ani'), name: callerName(fields) }, defaultCountry),
			to: toParty({ number: textField(fields, 'tracking'), name: textField(fields, 'location_name') }, defaultCountry),
			startedAt: autoIdTime(field(fields, fieldOf('call_start_time'))),
			endedAt: autoIdTime(field(fields, fieldOf('call_end_time'))),
			durationMs,
			talkTimeMs,
			waitTimeMs: durationMs !== null && talkTimeMs !== null && durationMs >= talkTimeMs ? durationMs - talkTimeMs : null,
			answered: answeredFrom(dialStatus, talkTimeMs),
			recordingUrls,
		}),
		campaign: textField(fields, 'campaign_name'),
		dialStatus,
	};
	call.summary = summaryOf(call, phase);
	const { campaign, dialStatus: status, ...normalized } = call;
	return { normalized, autoIdCall: { campaign, dialStatus: status } };
}
