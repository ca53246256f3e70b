/* eslint-disable @n8n/community-nodes/no-restricted-globals -- not shipped: n8n's rules for node code */
/**
 * Every parser's time on adversarial input grows about linearly from 10 KB to 100 KB to 1 MB (DESIGN.md
 * revision 10): each case is an input shape that makes a backtracking regular expression, a repeated slice or a
 * nested scan go quadratic. The assertion is the ratio between sizes (< 30 for 10 × the input; linear ≈ 10,
 * quadratic ≈ 100), never a wall-clock time. The worst time per case at 1 MB is printed for the README.
 */
import { checkBasicAuth, checkBearer, checkHeaders } from '../../../lib/auth';
import { mediaType, requireJson } from '../../../lib/contentType';
import { nestedDeeperThan, parseJson } from '../../../lib/rawBody';
import { toE164 } from '../../../lib/phone';
import { hmacMatches, timestampIsFresh } from '../../../lib/signature';
import { parseBody, readContentType } from '../../../nodes/AutoIdTrigger/autoIdBody';
import { detectPhase, normalizeAutoId, phaseFromWord, templateFields } from '../../../nodes/AutoIdTrigger/autoIdNormalize';
import { parseXml } from '../../../nodes/AutoIdTrigger/autoIdXml';
import {
	normalizeActivity,
	parseCalledAt,
	parseLogData,
	parsePixel,
	parseResourceUrl,
} from '../../../nodes/CallTrackingMetricsTrigger/ctmActivity';
import { readPhase } from '../../../nodes/CallTrackingMetricsTrigger/ctmPhases';
import { verifyCtmSignature } from '../../../nodes/CallTrackingMetricsTrigger/ctmSignature';
import { parseCallLogBody, parseNamedNumber } from '../../../nodes/M8ComCallLog/callLogBody';
import { callLogItem, parseCallLogRequest } from '../../../nodes/M8ComCallLog/callLogRequest';
import { normalizeLookup, parseLookupQuery } from '../../../nodes/M8ComLookup/lookupRequest';
import { normalizeRecording, parseRecordingRequest } from '../../../nodes/M8ComRecording/recordingRequest';
import { parseWildixEnvelope } from '../../../nodes/WildixTrigger/wildixEnvelope';
import { compactWildixPresence, normalizeWildixCall } from '../../../nodes/WildixTrigger/wildixNormalize';
import { verifyWildixSignature } from '../../../nodes/WildixTrigger/wildixSignature';
import { fill, MAX_RATIO, measured, measureGrowth } from './growth';

interface ScalingCase {
	/** The parser (function) under test. */
	parser: string;
	/** The adversarial input, in words. */
	input: string;
	make(size: number): unknown;
	run(input: unknown): unknown;
}

const c = <T>(parser: string, input: string, make: (size: number) => T, run: (input: T) => unknown): ScalingCase => ({
	parser,
	input,
	make,
	run: run as (input: unknown) => unknown,
});

const NOW_S = () => String(Math.floor(Date.now() / 1000));
const spaces = (size: number) => ' '.repeat(size);
/** An object of about `size` bytes of JSON: many short keys. */
const wideObject = (size: number) => Object.fromEntries(Array.from({ length: Math.floor(size / 12) }, (_, i) => [`k${i}`, 'v']));
const wildixCall = (flows: unknown[]) => ({ id: 'it_1', type: 'call:completed', time: 1_700_000_000_000, pbx: 'p', company: 'c', integrationId: 'i', data: { id: 'call-1', flows } });

const CASES: ScalingCase[] = [
	// CallTrackingMetrics: signature (before any other check), called_at, resource links, phases, pixels.
	c('verifyCtmSignature', 'newlines then "x" (trailing-newline trim)', (n) => Buffer.from(`${'\n'.repeat(n - 1)}x`), (body) =>
		verifyCtmSignature({ headers: { 'x-ctm-signature': 'AAAAAAAAAAAAAAAAAAAAAAAAAAA=', 'x-ctm-time': NOW_S() }, rawBody: body, secret: 's', windowSeconds: 300 }),
	),
	c('verifyCtmSignature', 'a body of CRLFs only', (n) => Buffer.from('\r\n'.repeat(n / 2)), (body) =>
		verifyCtmSignature({ headers: { 'x-ctm-signature': 'AAAAAAAAAAAAAAAAAAAAAAAAAAA=', 'x-ctm-time': NOW_S() }, rawBody: body, secret: 's', windowSeconds: 300 }),
	),
	c('verifyCtmSignature', 'a signature header of N characters', (n) => 'A'.repeat(n), (signature) =>
		verifyCtmSignature({ headers: { 'x-ctm-signature': signature, 'x-ctm-time': NOW_S() }, rawBody: Buffer.from('{}'), secret: 's', windowSeconds: 300 }),
	),
	c('parseCalledAt', '"2024-03-01 09:15" + spaces + "x"', (n) => `2024-03-01 09:15${spaces(n)}x`, parseCalledAt),
	c('parseCalledAt', '"2024-03-01 09:15 AM" + spaces', (n) => `2024-03-01 09:15 AM${spaces(n)}`, parseCalledAt),
	c('normalizeActivity', 'called_at of spaces, huge caller number and name', (n) => ({ called_at: `2024-03-01 09:15${spaces(n)}x`, caller_number: fill('1 ', n), name: fill('a ', n), direction: fill('in', n) }), (a) =>
		normalizeActivity(a, 'end', 'US'),
	),
	c('parseLogData', 'a JSON object of N bytes of keys', (n) => Buffer.from(JSON.stringify(wideObject(n))), (raw) => parseLogData(undefined, raw)),
	c('parseResourceUrl', '"/accounts/" repeated', (n) => `https://api.example${fill('/accounts/a', n)}`, parseResourceUrl),
	c('parseResourceUrl', 'an id of N characters then "!"', (n) => `https://api.example/api/v1/accounts/1/calls/${'a'.repeat(n)}!`, parseResourceUrl),
	c('readPhase', 'spaces and hyphens', (n) => fill(' -', n), readPhase),
	c('readPhase', '"__proto__" padded with spaces', (n) => `${spaces(n)}__proto__${spaces(n)}`, readPhase),
	c('parsePixel', 'a posted JSON object of N bytes of keys', (n) => Buffer.from(JSON.stringify(wideObject(n))), (raw) => parsePixel({ trigger: 'end' }, undefined, raw)),

	// M8Com: call-log body, call-log and recording requests, lookup query, Bearer.
	c('parseNamedNumber', '"a" + spaces + "b" (no number)', (n) => `a${spaces(n)}b`, parseNamedNumber),
	c('parseNamedNumber', '"a" + spaces + "(1)"', (n) => `a${spaces(n)}(1)`, parseNamedNumber),
	c('parseNamedNumber', 'opening parentheses', (n) => '('.repeat(n), parseNamedNumber),
	c('parseNamedNumber', 'closing parentheses', (n) => ')'.repeat(n), parseNamedNumber),
	c('parseCallLogBody', '"Call to user: a" + spaces + "b"', (n) => `Call to user: a${spaces(n)}b`, parseCallLogBody),
	c('parseCallLogBody', 'a header + spaces + ":"', (n) => `Call to${spaces(n)}x`, parseCallLogBody),
	c('parseCallLogBody', 'many section lines', (n) => fill('referred to: +46701234567\n', n), parseCallLogBody),
	c('parseCallLogBody', 'many "(" lines in a named section', (n) => `Call to user: ${'('.repeat(n)})`, parseCallLogBody),
	c('parseCallLogBody', 'carriage returns only', (n) => '\r'.repeat(n), parseCallLogBody),
	c('parseCallLogBody', 'colons only', (n) => ':'.repeat(n), parseCallLogBody),
	c('callLogItem', 'a body of N bytes of spaces in a user section', (n) =>
		({ fromNumber: fill('1 ', n), toNumber: '+46701234567', duration: 1, startTime: 1, callType: 'Inbound', body: `Call to user: a${spaces(n)}b` }), (r) =>
		callLogItem(r as never, 'SE'),
	),
	c('parseCallLogRequest', 'a JSON object of N bytes of extra keys', (n) => ({ ...wideObject(n), fromNumber: '1', toNumber: '2', duration: 1, startTime: 1, callType: 'Inbound', body: '' }), parseCallLogRequest),
	c('parseRecordingRequest + normalizeRecording', 'N bytes of file URLs', (n) =>
		({ id: 1, fileUrls: Array.from({ length: Math.floor(n / 20) }, (_, i) => `https://x.example/${i}`), callerNumber: '1', calleeNumber: '2', startTime: 1, endTime: 2, direction: 'inbound' }), (body) => {
		const parsed = parseRecordingRequest(body);
		return parsed.ok ? normalizeRecording(parsed.value, 'SE') : parsed;
	}),
	c('parseLookupQuery', 'a flat key "user[" + "[" × N', (n) => ({ fromNumber: '1', [`user[${'['.repeat(n)}`]: 'x' }), parseLookupQuery),
	c('parseLookupQuery', 'a flat key "user[a]" + "[" × N', (n) => ({ fromNumber: '1', [`user[a]${'['.repeat(n)}`]: 'x' }), parseLookupQuery),
	c('parseLookupQuery', 'a flat key of N bracket segments', (n) => ({ fromNumber: '1', [`user${fill('[a]', n)}`]: 'x' }), parseLookupQuery),
	c('parseLookupQuery + normalizeLookup', 'a JSON user of N bytes', (n) => ({ fromNumber: '070 123 45 67', user: JSON.stringify({ ...wideObject(n), firstName: 'a' }) }), (q) => {
		const parsed = parseLookupQuery(q as never);
		return parsed.ok ? normalizeLookup(parsed.value, 'SE') : parsed;
	}),
	c('checkBearer', '"Bearer" + spaces + "x"', (n) => `Bearer${spaces(n)}x`, (h) => checkBearer(h, 'secret')),
	c('checkBasicAuth', '"Basic " + N Base64 characters', (n) => `Basic ${'A'.repeat(n)}`, (h) => checkBasicAuth(h, { user: 'u', password: 'p' })),
	c('checkHeaders', 'a header value of N characters', (n) => ({ 'x-token': 'a'.repeat(n) }), (h) => checkHeaders(h, [{ name: 'X-Token', value: 'b' }])),

	// Wildix: signature (raw bytes and compact JSON), envelope, call and presence normalisation.
	c('verifyWildixSignature', 'an unsigned JSON body of N bytes', (n) => {
		const text = JSON.stringify(wildixCall(Array.from({ length: Math.floor(n / 40) }, () => ({ startTime: 1 }))));
		return Buffer.from(text);
	}, (rawBody) => verifyWildixSignature({ headers: { 'x-signature': 'a'.repeat(64) }, rawBody }, 's')),
	c('verifyWildixSignature', 'a signature header of N hex digits', (n) => 'a'.repeat(n), (signature) =>
		verifyWildixSignature({ headers: { 'x-signature': signature }, rawBody: Buffer.from('{}') }, 's'),
	),
	c('parseJson', 'arrays nested N deep', (n) => Buffer.from(`${'['.repeat(n / 2)}${']'.repeat(n / 2)}`), parseJson),
	c('parseJson', 'unclosed arrays', (n) => Buffer.from('['.repeat(n)), parseJson),
	c('nestedDeeperThan', 'a wide object', (n) => wideObject(n), (v) => nestedDeeperThan(v, 32)),
	c('parseWildixEnvelope', 'N bytes of data keys', (n) => ({ ...wildixCall([]), data: wideObject(n) }), parseWildixEnvelope),
	c('normalizeWildixCall', 'N bytes of flows with times (the spread into Math.min)', (n) =>
		wildixCall(Array.from({ length: Math.floor(n / 40) }, (_, i) => ({ startTime: i, endTime: i + 1, talkTime: 1 }))), (e) =>
		normalizeWildixCall(e as never, 'SE'),
	),
	c('normalizeWildixCall', 'N bytes of flows with parties', (n) =>
		wildixCall(Array.from({ length: Math.floor(n / 90) }, (_, i) => ({ caller: { phone: `070${i}`, type: 'LOCAL', name: `u${i}` }, callee: { phone: '1', type: 'REMOTE' } }))), (e) =>
		normalizeWildixCall(e as never, 'SE'),
	),
	c('compactWildixPresence', 'status and location of N characters', (n) =>
		({ id: 'p', type: 'presence:telephony', time: 1, data: { status: fill('rt', n), extension: spaces(n), location: { address: fill('a ', n) } } }), (e) =>
		compactWildixPresence(e as never),
	),

	// AutoID: content type, XML, JSON, phase, normalisation.
	c('readContentType', 'semicolons', (n) => `application/json${';'.repeat(n)}`, readContentType),
	c('readContentType', 'a charset parameter of spaces', (n) => `application/json; charset=${spaces(n)}x`, readContentType),
	c('mediaType + requireJson', '"application/" + "a+" × N + "x"', (n) => `application/${fill('a+', n)}x`, (t) => [mediaType(t), requireJson(t)]),
	c('parseXml', 'attributes', (n) => `<a${fill(' b="c"', n).replace(/ b=/g, () => ` b${Math.random().toString(36).slice(2)}=`)}/>`, parseXml),
	c('parseXml', 'an element name of N characters, not closed', (n) => `<${'a'.repeat(n)}`, parseXml),
	c('parseXml', '"<!" + spaces', (n) => `<a><!${spaces(n)}</a>`, parseXml),
	c('parseXml', 'ampersands', (n) => `<a>${'&'.repeat(n)}</a>`, parseXml),
	c('parseXml', 'entity references', (n) => `<a>${fill('&amp;', n)}</a>`, parseXml),
	c('parseXml', 'an unterminated comment', (n) => `<a><!--${'-'.repeat(n)}`, parseXml),
	c('parseXml', 'many siblings of one name', (n) => `<a>${fill('<b>1</b>', n)}</a>`, parseXml),
	c('parseXml', 'nesting to the limit, repeated', (n) => `<r>${fill(`${'<a>'.repeat(31)}${'</a>'.repeat(31)}`, n)}</r>`, parseXml),
	c('parseXml', 'text full of "<"', (n) => `<a>${'<'.repeat(n)}</a>`, parseXml),
	c('parseXml', 'processing instructions', (n) => `<a>${fill('<?x y?>', n)}</a>`, parseXml),
	c('parseBody (JSON)', 'a JSON template of N bytes of keys', (n) => Buffer.from(JSON.stringify(wideObject(n))), (raw) =>
		parseBody(raw, { format: 'json', mediaType: 'application/json', charset: undefined }),
	),
	c('detectPhase + normalizeAutoId', 'a template of N bytes of keys (case-insensitive field lookups)', (n) => wideObject(n), (template) => {
		// A new object each time: the field index is built once per template, and that is part of the cost.
		const fields = templateFields({ ...template });
		const { phase } = detectPhase(fields, {}, 'phase');
		return normalizeAutoId(fields, phase, 'US');
	}),
	c('phaseFromWord', 'spaces and hyphens', (n) => fill(' -', n), phaseFromWord),

	// Shared: phone numbers, HMAC, timestamps.
	c('toE164', 'digits', (n) => '1'.repeat(n), (t) => toE164(t, 'SE')),
	c('toE164', 'digits and spaces after "+"', (n) => `+${fill('1 ', n)}`, (t) => toE164(t, 'SE')),
	c('toE164', 'spaces then a letter', (n) => `${spaces(n)}x`, (t) => toE164(t, 'SE')),
	c('hmacMatches', 'a hex signature of N digits', (n) => 'a'.repeat(n), (signature) =>
		hmacMatches({ algorithm: 'sha256', encoding: 'hex', secret: 's', signature, candidates: [Buffer.from('{}')] }),
	),
	c('timestampIsFresh', 'a timestamp of N digits', (n) => '1'.repeat(n), (t) => timestampIsFresh(t, 300)),
];

afterAll(() => {
	// HOSTILE_REPORT=1 prints every case (for the README's figures), otherwise the ten slowest.
	const worst = [...measured].sort((a, b) => b.ms[1_000_000] - a.ms[1_000_000]).slice(0, process.env.HOSTILE_REPORT ? undefined : 10);
	const lines = worst.map((m) => `${m.parser} — ${m.input}: ${m.ms[1_000_000]?.toFixed(1)} ms at 1 MB (${m.ms[100_000].toFixed(2)} ms at 100 KB)`);
	process.stdout.write(`\nSlowest parsers at 1 MB of adversarial input (of ${measured.length} cases):\n${lines.join('\n')}\n`);
});

describe('parsers grow about linearly on adversarial input (10 KB → 100 KB → 1 MB)', () => {
	test.each(CASES.map((testCase) => [`${testCase.parser}: ${testCase.input}`, testCase] as const))('%s', async (_, testCase) => {
		const growth = await measureGrowth(testCase.make, testCase.run);
		measured.push({ parser: testCase.parser, input: testCase.input, ms: growth.ms });
		expect({ gaveUp: growth.gaveUp, ratios: growth.ratios.map((r) => r < MAX_RATIO), ms: growth.ms }).toEqual({
			gaveUp: false,
			ratios: [true, true],
			ms: growth.ms,
		});
	});
});
