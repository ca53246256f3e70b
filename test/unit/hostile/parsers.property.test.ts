/* eslint-disable @n8n/community-nodes/no-restricted-globals -- not shipped: n8n's rules for node code */
/**
 * Property-based: every parser and normaliser of the package, called directly with arbitrary input of the
 * shape it receives (text, bytes, JSON values, objects with prototype-named keys, values of the wrong type),
 * never throws, and what it returns is plain data (no live prototype, no function, finite numbers only).
 */
import fc from 'fast-check';
import type { IDataObject } from 'n8n-workflow';

import { checkBasicAuth, checkBearer, checkHeaders } from '../../../lib/auth';
import { mediaType, requireJson } from '../../../lib/contentType';
import { isoFromMs, toParty } from '../../../lib/normalized';
import { toE164 } from '../../../lib/phone';
import { nestedDeeperThan, parseJson, parseJsonText } from '../../../lib/rawBody';
import { hmacMatches, timestampIsFresh } from '../../../lib/signature';
import { authenticate, type AutoIdCredential } from '../../../nodes/AutoIdTrigger/autoIdAuth';
import { decodeBody, parseBody, readContentType } from '../../../nodes/AutoIdTrigger/autoIdBody';
import { autoIdTime, detectPhase, normalizeAutoId, phaseFromWord, secondsToMs, templateFields } from '../../../nodes/AutoIdTrigger/autoIdNormalize';
import { parseXml } from '../../../nodes/AutoIdTrigger/autoIdXml';
import {
	attributionOf,
	attributionOfPixel,
	normalizeActivity,
	normalizePixel,
	parseCalledAt,
	parseFormFields,
	parseLogData,
	parsePixel,
	parseResourceLink,
} from '../../../nodes/CallTrackingMetricsTrigger/ctmActivity';
import { authenticateCtmRequest } from '../../../nodes/CallTrackingMetricsTrigger/ctmAuth';
import { decidePhase, readPhase } from '../../../nodes/CallTrackingMetricsTrigger/ctmPhases';
import { verifyCtmSignature } from '../../../nodes/CallTrackingMetricsTrigger/ctmSignature';
import { parseCallLogBody, parseNamedNumber } from '../../../nodes/M8ComCallLog/callLogBody';
import { callLogItem, parseCallLogRequest } from '../../../nodes/M8ComCallLog/callLogRequest';
import { lookupUserFields, normalizeLookup, parseLookupQuery } from '../../../nodes/M8ComLookup/lookupRequest';
import { normalizeRecording, parseRecordingRequest, recordingSkipReason } from '../../../nodes/M8ComRecording/recordingRequest';
import { parseWildixEnvelope } from '../../../nodes/WildixTrigger/wildixEnvelope';
import { eventIsTooOld, eventTypeSelected } from '../../../nodes/WildixTrigger/wildixEvents';
import { compactWildixPresence, normalizeWildixCall } from '../../../nodes/WildixTrigger/wildixNormalize';
import { verifyWildixSignature } from '../../../nodes/WildixTrigger/wildixSignature';
import { CONTACT_CALLED_SUPPORT, SUPPORT_RECORDING } from '../../fixtures/m8com';
import { autoIdPayload } from '../../support/autoid';
import { CTM_ACTIVITY } from '../../support/standInCtmApi';
import { callCompletedInbound } from '../../support/wildix';

const RUNS = Number(process.env.HOSTILE_RUNS ?? 200);
const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty', 'prototype', 'toJSON'];

/** Keys as requests carry them: names of the payload, prototype names, anything. */
const key = (names: string[] = []) => fc.oneof(fc.constantFrom(...PROTOTYPE_KEYS, ...(names.length ? names : ['x'])), fc.string({ maxLength: 8 }));
/** Any value a parsed body or query can hold, including null-prototype objects and huge or odd numbers. */
const value = (names: string[] = []) =>
	fc.anything({ key: key(names), maxDepth: 3, maxKeys: 6, withNullPrototype: true, withBoxedValues: false, withObjectString: true });
/** An object with the payload's own field names (and others), each holding anything. */
const objectWith = (names: string[]) => fc.dictionary(key(names), value(names), { maxKeys: 12 }) as fc.Arbitrary<IDataObject>;
/** The valid payload with some fields replaced by anything. */
const mutated = (valid: IDataObject) => objectWith(Object.keys(valid)).map((changes): IDataObject => Object.assign(structuredClone(valid), changes));

const text = fc.oneof(fc.string({ maxLength: 200 }), fc.string({ unit: fc.constantFrom(' ', '\t', '\n', '\r', '(', ')', '[', ']', ':', '&', ';', '<', '>', '"', '=', '+', '-', '0', '9', 'a', 'A', 'M', 'P'), maxLength: 300 }));
const bytes = fc.oneof(text.map((t) => Buffer.from(t)), fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)));
const headers = fc.dictionary(fc.oneof(fc.constantFrom('authorization', 'x-signature', 'x-ctm-signature', 'x-ctm-time', 'x-autoid-token', 'content-type', ...PROTOTYPE_KEYS), fc.string({ maxLength: 8 })), fc.oneof(text, fc.array(text, { maxLength: 3 })), { maxKeys: 6 });

const INTRINSICS = new Set<unknown>([Object.prototype, Array.prototype, Function.prototype, String.prototype, Number.prototype, Boolean.prototype, globalThis]);

/** Plain data: no intrinsic object, no function, finite numbers; Buffers and Dates allowed (the parsers return them). */
function isPlain(result: unknown, seen = new Set<unknown>()): boolean {
	if (typeof result === 'function' || typeof result === 'symbol' || typeof result === 'bigint') return false;
	if (typeof result === 'number') return Number.isFinite(result);
	if (typeof result !== 'object' || result === null || Buffer.isBuffer(result)) return true;
	if (INTRINSICS.has(result)) return false;
	if (seen.has(result)) return true;
	seen.add(result);
	return Object.keys(result).every((k) => isPlain((result as Record<string, unknown>)[k], seen));
}

/** Parsers that pass the input through (verbatim payloads) are checked on what they compute, not on the echo. */
const computed = (result: unknown, ...drop: string[]) => {
	if (typeof result !== 'object' || result === null) return result;
	const copy = { ...(result as Record<string, unknown>) };
	for (const name of drop) delete copy[name];
	return copy;
};

interface ParserCase {
	name: string;
	input: fc.Arbitrary<unknown>;
	run(input: unknown): unknown;
}

const p = <T>(name: string, input: fc.Arbitrary<T>, run: (input: T) => unknown): ParserCase => ({ name, input, run: run as (input: unknown) => unknown });

const wildixEnvelope = (valid: IDataObject) => fc.tuple(mutated(valid), mutated(valid.data as IDataObject)).map(([envelope, data]) => ({ ...envelope, data }));

const CASES: ParserCase[] = [
	// lib
	p('toE164', fc.tuple(value(), fc.oneof(fc.constantFrom('SE', 'US', 'IT', 'DK', 'RU', 'HU', '', ...PROTOTYPE_KEYS), value())), ([raw, country]) => toE164(raw, country)),
	p('toParty', fc.tuple(objectWith(['number', 'name', 'email', 'userId']), fc.constantFrom('SE', 'US', '__proto__')), ([input, country]) => toParty(input, country)),
	p('isoFromMs', value(), isoFromMs),
	p('parseJson', bytes, parseJson),
	p('parseJsonText', text, parseJsonText),
	p('nestedDeeperThan', value(), (v) => nestedDeeperThan(v, 3)),
	p('mediaType + requireJson', fc.oneof(text, fc.array(text, { maxLength: 2 })), (t) => [mediaType(t), requireJson(t)]),
	p('checkBearer', fc.tuple(fc.oneof(text, fc.array(text, { maxLength: 2 })), text), ([h, s]) => checkBearer(h, s)),
	p('checkBasicAuth', fc.oneof(text, text.map((t) => `Basic ${Buffer.from(t).toString('base64')}`)), (h) => checkBasicAuth(h, { user: 'u', password: 'p' })),
	p('checkHeaders', fc.tuple(headers, fc.array(fc.record({ name: fc.constantFrom('X-Token', ...PROTOTYPE_KEYS), value: text }), { maxLength: 3 })), ([h, expected]) => checkHeaders(h, expected)),
	p('hmacMatches', fc.tuple(fc.oneof(text, fc.array(text, { maxLength: 2 })), fc.constantFrom<'hex' | 'base64'>('hex', 'base64'), fc.constantFrom<'sha1' | 'sha256'>('sha1', 'sha256')), ([signature, encoding, algorithm]) =>
		hmacMatches({ algorithm, encoding, secret: 's', signature: signature as string, candidates: [Buffer.from('x'), undefined, 'y'] }),
	),
	p('timestampIsFresh', fc.oneof(text, fc.array(text, { maxLength: 2 })), (t) => timestampIsFresh(t as string, 300)),

	// M8Com
	p('parseNamedNumber', text, parseNamedNumber),
	p('parseCallLogBody', text, parseCallLogBody),
	p('parseCallLogRequest + callLogItem', fc.oneof(mutated(CONTACT_CALLED_SUPPORT), value()), (body) => {
		const parsed = parseCallLogRequest(body);
		return parsed.ok ? computed(callLogItem(parsed.value, 'SE'), ...Object.keys(body as object)) : parsed;
	}),
	p('parseRecordingRequest + normalizeRecording + filters', fc.oneof(mutated(SUPPORT_RECORDING), value()), (body) => {
		const parsed = parseRecordingRequest(body);
		if (!parsed.ok) return parsed;
		return [normalizeRecording(parsed.value, 'SE'), recordingSkipReason(parsed.value, { answerGroups: 'Support', users: 'u-1' })];
	}),
	p('parseLookupQuery + normalizeLookup', fc.oneof(objectWith(['fromNumber', 'toNumber', 'user', 'user[firstName]', 'user[id]', 'user[userIds][0][username]']), mutated({ fromNumber: '0701234567', user: { firstName: 'a', userIds: [{ type: 'email', username: 'a@b' }] } })), (query) => {
		const parsed = parseLookupQuery(query);
		return parsed.ok ? [normalizeLookup(parsed.value, 'SE'), lookupUserFields(parsed.value.user)] : parsed;
	}),

	// Wildix
	p('parseWildixEnvelope + normalizeWildixCall + compactWildixPresence', fc.oneof(wildixEnvelope(callCompletedInbound() as IDataObject), value(['id', 'type', 'time', 'data'])), (body) => {
		const parsed = parseWildixEnvelope(body);
		if (!parsed.ok) return parsed;
		return [normalizeWildixCall(parsed.envelope, 'SE'), compactWildixPresence({ ...parsed.envelope, type: 'presence:telephony' })];
	}),
	p('verifyWildixSignature', fc.tuple(headers, bytes), ([h, raw]) => verifyWildixSignature({ headers: h, rawBody: raw }, 's')),
	p('eventTypeSelected + eventIsTooOld', fc.tuple(text, fc.array(fc.constantFrom('*', 'other', 'call:*', 'call:end'), { maxLength: 3 }), text, fc.double()), ([type, selected, other, time]) => [eventTypeSelected(type, selected, other), eventIsTooOld(time, 10)]),

	// CallTrackingMetrics
	p('parseLogData + normalizeActivity + attributionOf', fc.oneof(mutated(CTM_ACTIVITY as unknown as IDataObject), value(Object.keys(CTM_ACTIVITY))), (body) => {
		const parsed = parseLogData(undefined, Buffer.from(JSON.stringify(body) ?? ''));
		return parsed.ok ? [normalizeActivity(parsed.value, 'end', 'US'), attributionOf(parsed.value)] : parsed;
	}),
	p('normalizeActivity on objects as parsed (not through JSON)', mutated(CTM_ACTIVITY as unknown as IDataObject), (activity) => [normalizeActivity(activity, '__proto__', 'US'), attributionOf(activity)]),
	p('parseCalledAt', fc.oneof(text, value()), parseCalledAt),
	p('parseResourceLink', fc.oneof(objectWith(['resource_url']), fc.record({ resource_url: fc.oneof(text, fc.webUrl(), value()) })), (body) => parseResourceLink(body, undefined)),
	p('parsePixel + normalizePixel + attributionOfPixel', fc.tuple(objectWith(['trigger', 'callid', 'duration', 'direction', 'source', 'caller_number']), bytes), ([query, raw]) => {
		const values = parsePixel(query, undefined, raw);
		return [normalizePixel(values, readPhase(query.trigger), 'US'), attributionOfPixel(values)];
	}),
	p('parseFormFields', text.map((t) => Buffer.from(t)), parseFormFields),
	p('readPhase + decidePhase', fc.tuple(value(), fc.array(fc.constantFrom('*', 'end', 'start', ...PROTOTYPE_KEYS), { maxLength: 3 })), ([raw, selected]) => decidePhase(readPhase(raw), selected)),
	p('verifyCtmSignature', fc.tuple(headers, bytes), ([h, raw]) => verifyCtmSignature({ headers: h, rawBody: raw, secret: 's', windowSeconds: 300 })),
	p('authenticateCtmRequest', fc.tuple(fc.subarray(['signature', 'basicAuth', 'headerAuth'] as const), headers, objectWith(['signingSecret', 'basicAuthUser', 'basicAuthPassword', 'headerName', 'headerSecret'])), ([modes, h, credential]) =>
		authenticateCtmRequest([...modes], credential, { headers: h, rawBody: Buffer.from('{}') }, { windowSeconds: 300 }),
	),

	// AutoID
	p('parseXml', text, parseXml),
	p('parseXml on documents', fc.tuple(fc.constantFrom(...PROTOTYPE_KEYS, 'call', 'a'), text, fc.constantFrom(...PROTOTYPE_KEYS, 'b')).map(([root, inner, attr]) => `<${root} ${attr}="1"><${attr}>${inner}</${attr}></${root}>`), parseXml),
	p('readContentType + decodeBody + parseBody', fc.tuple(fc.oneof(text, fc.constantFrom('application/json', 'application/xml; charset=latin1', 'text/xml')), bytes), ([header, raw]) => {
		const contentType = readContentType(header);
		return [decodeBody(raw, contentType), contentType.format ? parseBody(raw, { ...contentType, format: contentType.format }) : null];
	}),
	p('templateFields + detectPhase + normalizeAutoId', fc.tuple(fc.oneof(mutated(autoIdPayload('call_end')), value(Object.keys(autoIdPayload('call_end')))), objectWith(['phase', 'Event']), fc.constantFrom('phase', 'Event', ...PROTOTYPE_KEYS)), ([body, query, phaseField]) => {
		const fields = templateFields(body);
		const { phase, source } = detectPhase(fields, query, phaseField);
		return [phase, source, normalizeAutoId(fields, phase, 'US')];
	}),
	p('phaseFromWord + autoIdTime + secondsToMs', value(), (v) => [phaseFromWord(v), autoIdTime(v), secondsToMs(v)]),
	p('authenticate (AutoID)', fc.tuple(headers, fc.oneof(objectWith(['authentication', 'headers', 'user', 'password']), fc.constant<IDataObject>({ authentication: 'headerAuth', headers: { values: [{ name: 'constructor', value: 'x' }] } }))), ([h, credential]) =>
		authenticate(h as IDataObject, credential as AutoIdCredential),
	),
];

describe.each(CASES.map((c) => [c.name, c] as const))('%s on arbitrary input', (_, parserCase) => {
	test('never throws, and returns plain data', () => {
		fc.assert(
			fc.property(parserCase.input, (input) => {
				const result = parserCase.run(input);
				expect(isPlain(result)).toBe(true);
			}),
			{ numRuns: RUNS },
		);
	});
});
