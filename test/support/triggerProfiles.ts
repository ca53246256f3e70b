/* eslint-disable @n8n/community-nodes/no-hardcoded-secrets -- not shipped: n8n's rules for node code */
/**
 * A profile of every trigger: a minimal workflow around it, a valid request and how it is authenticated, and
 * how its credentials can be wrong (signature vendors: missing, wrong, replayed on another body, stale). The
 * hostile-input suite derives its bad requests from these; the queue-mode suite sends the valid ones.
 */
import { createHmac } from 'node:crypto';

import type { WorkflowJson } from '../harness/api';
import { CONTACT_CALLED_SUPPORT, SUPPORT_RECORDING } from '../fixtures/m8com';
import { autoIdPayload } from './autoid';
import { bearerDefects, type HostileCase, type TriggerProfile } from './hostile';
import { classCaseBuilder, escalating, typeConfusionCases, type ClassContext } from './hostileClasses';
import { CTM_ACTIVITY } from './standInCtmApi';
import { triggerWorkflow } from './workflows';
import { callCompletedInbound, inboundCallEnd, wildixSignature } from './wildix';

type Credential = { id: string; name: string };
type Defect = { name: string; headers: Record<string, string> };

export const PROFILE_SECRETS = {
	m8com: 'e2e-profile-m8com-secret-4e1f',
	recording: 'e2e-profile-recording-secret-93c1',
	wildix: 'e2e-profile-wildix-secret-70aa',
	autoIdToken: 'e2e-profile-autoid-token-2b9d',
	ctmSigning: 'e2e-profile-ctm-signing-5c3e',
	ctmHeader: 'e2e-profile-ctm-header-8d21',
	ctmApiSecret: 'e2e-profile-ctm-api-secret-0f6b',
};

/** The credentials each profile's workflow needs, by credential type. */
export const PROFILE_CREDENTIALS: Array<{ key: string; type: string; data: Record<string, unknown> }> = [
	{ key: 'm8com', type: 'm8ComWebhookApi', data: { secret: PROFILE_SECRETS.m8com } },
	{ key: 'recording', type: 'm8ComWebhookApi', data: { secret: PROFILE_SECRETS.recording } },
	{ key: 'wildix', type: 'wildixWebhookApi', data: { secret: PROFILE_SECRETS.wildix } },
	{
		key: 'autoId',
		type: 'autoIdWebhookApi',
		data: { authentication: 'headerAuth', headers: { values: [{ name: 'X-AutoID-Token', value: PROFILE_SECRETS.autoIdToken }] } },
	},
	{
		key: 'ctm',
		type: 'callTrackingMetricsApi',
		data: {
			accessKey: 'profile-access-key',
			secretKey: PROFILE_SECRETS.ctmApiSecret,
			apiBaseUrl: 'http://127.0.0.1:9',
			signingSecret: PROFILE_SECRETS.ctmSigning,
			headerName: 'X-Webhook-Token',
			headerSecret: PROFILE_SECRETS.ctmHeader,
		},
	},
];

export interface TriggerTarget {
	profile: TriggerProfile;
	workflow(credentials: Record<string, Credential>): WorkflowJson;
	/** Statuses a valid request gets (the lookup's workflow answers "no match"). */
	validStatuses: number[];
}

const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` });
const allSecrets = Object.values(PROFILE_SECRETS);

const wildixDefects = (body: Buffer): Defect[] => {
	const good = wildixSignature(body, PROFILE_SECRETS.wildix);
	const other = wildixSignature(Buffer.from('{"id":"another event"}'), PROFILE_SECRETS.wildix);
	return [
		{ name: 'no x-signature', headers: {} },
		{ name: 'an empty x-signature', headers: { 'x-signature': '' } },
		{ name: 'a signature with another secret', headers: { 'x-signature': wildixSignature(body, 'not-the-secret') } },
		{ name: 'a replayed signature of another event', headers: { 'x-signature': other } },
		{ name: 'a truncated signature', headers: { 'x-signature': good.slice(0, 32) } },
		{ name: 'a signature with a sha256= prefix', headers: { 'x-signature': `sha256=${good}` } },
		{ name: 'a Base64 signature', headers: { 'x-signature': Buffer.from(good, 'hex').toString('base64') } },
		{ name: 'a signature with one digit changed', headers: { 'x-signature': `${good.slice(0, -1)}${good.endsWith('0') ? '1' : '0'}` } },
		{ name: 'the secret itself as the signature', headers: { 'x-signature': PROFILE_SECRETS.wildix } },
		{ name: 'a signature twice as long', headers: { 'x-signature': good + good } },
		{ name: 'non-hex characters', headers: { 'x-signature': 'z'.repeat(64) } },
		{ name: 'the signature in another header', headers: { 'x-hub-signature-256': good } },
	];
};

const ctmSign = (time: string, body: Buffer, secret = PROFILE_SECRETS.ctmSigning) =>
	createHmac('sha1', secret).update(Buffer.concat([Buffer.from(time), body])).digest('base64');
const now = () => String(Math.floor(Date.now() / 1000));

const ctmDefects = (body: Buffer): Defect[] => {
	const header = { 'x-webhook-token': PROFILE_SECRETS.ctmHeader };
	const time = now();
	const stale = String(Number(time) - 3600);
	return [
		{ name: 'no signature and no header', headers: {} },
		{ name: 'no signature', headers: { ...header, 'x-ctm-time': time } },
		{ name: 'no X-CTM-Time', headers: { ...header, 'x-ctm-signature': ctmSign(time, body) } },
		{ name: 'a signature with another secret', headers: { ...header, 'x-ctm-time': time, 'x-ctm-signature': ctmSign(time, body, 'nope') } },
		{ name: 'a replayed signature an hour old', headers: { ...header, 'x-ctm-time': stale, 'x-ctm-signature': ctmSign(stale, body) } },
		{ name: 'a signature from the future', headers: { ...header, 'x-ctm-time': String(Number(time) + 3600), 'x-ctm-signature': ctmSign(String(Number(time) + 3600), body) } },
		{ name: 'a signature over another time', headers: { ...header, 'x-ctm-time': time, 'x-ctm-signature': ctmSign(String(Number(time) - 1), body) } },
		{ name: 'a replayed signature of another body', headers: { ...header, 'x-ctm-time': time, 'x-ctm-signature': ctmSign(time, Buffer.from('{"id":"another activity"}')) } },
		{ name: 'a hex signature', headers: { ...header, 'x-ctm-time': time, 'x-ctm-signature': Buffer.from(ctmSign(time, body), 'base64').toString('hex') } },
		{ name: 'a time that is not a number', headers: { ...header, 'x-ctm-time': 'yesterday', 'x-ctm-signature': ctmSign('yesterday', body) } },
		{ name: 'a valid signature but no header token', headers: { 'x-ctm-time': time, 'x-ctm-signature': ctmSign(time, body) } },
		{ name: 'a valid signature and a wrong header token', headers: { 'x-webhook-token': 'wrong', 'x-ctm-time': time, 'x-ctm-signature': ctmSign(time, body) } },
	];
};

const autoIdDefects = (): Defect[] => [
	{ name: 'no token header', headers: {} },
	{ name: 'an empty token', headers: { 'x-autoid-token': '' } },
	{ name: 'a wrong token', headers: { 'x-autoid-token': 'wrong' } },
	{ name: 'the token with a suffix', headers: { 'x-autoid-token': `${PROFILE_SECRETS.autoIdToken}x` } },
	{ name: 'the token in upper case', headers: { 'x-autoid-token': PROFILE_SECRETS.autoIdToken.toUpperCase() } },
	{ name: 'the token as Bearer', headers: { authorization: `Bearer ${PROFILE_SECRETS.autoIdToken}` } },
	{ name: 'the token in another header', headers: { 'x-autoid-key': PROFILE_SECRETS.autoIdToken } },
	{ name: 'the token as basic auth', headers: { authorization: `Basic ${Buffer.from(`x:${PROFILE_SECRETS.autoIdToken}`).toString('base64')}` } },
];

export const TRIGGER_TARGETS: TriggerTarget[] = [
	{
		profile: {
			name: 'M8Com Lookup Trigger',
			path: 'profile/m8com/lookup',
			methods: ['GET'],
			validQuery: { fromNumber: '+46701234567', toNumber: '+46812345678' },
			requiredFields: ['fromNumber'],
			authHeaders: () => bearer(PROFILE_SECRETS.m8com),
			authDefects: () => bearerDefects(PROFILE_SECRETS.m8com),
			contentTypes: ['application/json'],
			secrets: allSecrets,
		},
		workflow: (c) =>
			triggerWorkflow({
				name: 'profile lookup',
				nodeType: 'm8ComLookupTrigger',
				parameters: { path: 'profile/m8com/lookup', defaultCountry: 'SE', options: {} },
				credentials: { m8ComWebhookApi: c.m8com },
				next: { type: 'n8n-nodes-telephony-webhooks.respondToM8ComLookup', parameters: { respondWith: 'noMatch', noMatchStatus: '404' } },
			}),
		validStatuses: [404],
	},
	{
		profile: {
			name: 'M8Com Call Log Trigger',
			path: 'profile/m8com/call-log',
			methods: ['POST'],
			validBody: CONTACT_CALLED_SUPPORT,
			requiredFields: ['fromNumber', 'toNumber', 'duration', 'startTime', 'callType', 'body'],
			allowEmpty: ['body'],
			authHeaders: () => bearer(PROFILE_SECRETS.m8com),
			authDefects: () => [...bearerDefects(PROFILE_SECRETS.m8com), { name: 'the recording secret', headers: bearer(PROFILE_SECRETS.recording) }],
			contentTypes: ['application/json'],
			secrets: allSecrets,
			classCases: () => callLogClassCases(),
		},
		workflow: (c) =>
			triggerWorkflow({ name: 'profile call log', nodeType: 'm8ComCallLogTrigger', parameters: { path: 'profile/m8com/call-log', defaultCountry: 'SE', settings: {} }, credentials: { m8ComWebhookApi: c.m8com } }),
		validStatuses: [200],
	},
	{
		profile: {
			name: 'M8Com Recording Trigger',
			path: 'profile/m8com/recordings',
			methods: ['POST'],
			validBody: { ...SUPPORT_RECORDING, fileUrls: [] },
			requiredFields: ['id', 'fileUrls', 'callerNumber', 'calleeNumber', 'startTime', 'endTime', 'direction'],
			authHeaders: () => bearer(PROFILE_SECRETS.recording),
			authDefects: () => [...bearerDefects(PROFILE_SECRETS.recording), { name: 'the Insights secret', headers: bearer(PROFILE_SECRETS.m8com) }],
			contentTypes: ['application/json'],
			secrets: allSecrets,
			classCases: (context) => recordingClassCases(context),
		},
		// Downloads on, as users run it, without the opt-in for self-hosted file servers.
		workflow: (c) =>
			triggerWorkflow({
				name: 'profile recordings',
				nodeType: 'm8ComRecordingTrigger',
				parameters: { path: 'profile/m8com/recordings', defaultCountry: 'SE', downloadRecordings: true, settings: { downloadTimeoutSeconds: 5 } },
				credentials: { m8ComWebhookApi: c.recording },
			}),
		validStatuses: [200],
	},
	{
		profile: {
			name: 'Wildix Trigger',
			path: 'profile/wildix',
			methods: ['POST'],
			validBody: inboundCallEnd(),
			requiredFields: ['id', 'type', 'time', 'data'],
			authHeaders: (body) => ({ 'x-signature': wildixSignature(body, PROFILE_SECRETS.wildix) }),
			authDefects: wildixDefects,
			contentTypes: ['application/json'],
			secrets: allSecrets,
			classCases: () => wildixClassCases(),
		},
		workflow: (c) =>
			triggerWorkflow({ name: 'profile wildix', nodeType: 'wildixTrigger', parameters: { path: 'profile/wildix', events: ['*'], defaultCountry: 'SE', settings: {} }, credentials: { wildixWebhookApi: c.wildix } }),
		validStatuses: [200],
	},
	{
		profile: {
			name: 'AutoID Trigger',
			path: 'profile/autoid',
			methods: ['POST', 'PUT'],
			validBody: autoIdPayload('call_end'),
			requiredFields: [],
			anyObjectIsValid: true,
			maxDepth: 32,
			authHeaders: () => ({ 'x-autoid-token': PROFILE_SECRETS.autoIdToken }),
			authDefects: autoIdDefects,
			contentTypes: ['application/json', 'application/xml', 'text/xml'],
			secrets: allSecrets,
			extraCases: () => autoIdXmlCases(),
		},
		workflow: (c) =>
			triggerWorkflow({ name: 'profile autoid', nodeType: 'autoIdTrigger', parameters: { path: 'profile/autoid', triggerOn: 'any', successCode: 200, defaultCountry: 'US' }, credentials: { autoIdWebhookApi: c.autoId } }),
		validStatuses: [200],
	},
	{
		profile: {
			name: 'CallTrackingMetrics Trigger',
			path: 'profile/ctm',
			methods: ['POST'],
			validQuery: { trigger: 'end' },
			validBody: CTM_ACTIVITY as unknown as Record<string, unknown>,
			requiredFields: [],
			anyObjectIsValid: true,
			authHeaders: (body) => {
				const time = now();
				return { 'x-webhook-token': PROFILE_SECRETS.ctmHeader, 'x-ctm-time': time, 'x-ctm-signature': ctmSign(time, body) };
			},
			authDefects: ctmDefects,
			contentTypes: ['application/json'],
			secrets: allSecrets,
			extraCases: () => ctmPhaseCases(),
			classCases: () => ctmClassCases(),
		},
		workflow: (c) =>
			triggerWorkflow({
				name: 'profile ctm',
				nodeType: 'callTrackingMetricsTrigger',
				parameters: { path: 'profile/ctm', bodyType: 'logData', triggerPhases: ['end'], authentication: ['signature', 'headerAuth'], defaultCountry: 'US', settings: {} },
				credentials: { callTrackingMetricsApi: c.ctm },
			}),
		validStatuses: [200],
	},
];

/** XML bombs, external entities and DOCTYPEs for the XML-speaking AutoID Trigger, correctly authenticated. */
function autoIdXmlCases(): HostileCase[] {
	const auth = { 'x-autoid-token': PROFILE_SECRETS.autoIdToken };
	const lol = ['<!ENTITY lol "lol">', ...Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`)].join('');
	const documents: Array<[string, string]> = [
		['a billion laughs', `<?xml version="1.0"?><!DOCTYPE lolz [${lol}]><call><callid>&lol9;</callid></call>`],
		['an external entity (file)', '<?xml version="1.0"?><!DOCTYPE call [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><call><callid>&xxe;</callid></call>'],
		['an external entity (URL)', '<?xml version="1.0"?><!DOCTYPE call [<!ENTITY xxe SYSTEM "http://127.0.0.1:9/x">]><call><callid>&xxe;</callid></call>'],
		['a parameter entity', '<?xml version="1.0"?><!DOCTYPE call [<!ENTITY % p SYSTEM "http://127.0.0.1:9/p.dtd"> %p;]><call/>'],
		['an external DTD', '<?xml version="1.0"?><!DOCTYPE call SYSTEM "http://127.0.0.1:9/call.dtd"><call/>'],
		['a DOCTYPE alone', '<!DOCTYPE call><call><callid>1</callid></call>'],
		['an undefined entity', '<call><callid>&undefined;</callid></call>'],
		['unclosed tags', '<call><callid>1</call>'],
		['two roots', '<call/><call/>'],
		['a processing-instruction bomb', `<?xml version="1.0"?>${'<?pi x?>'.repeat(10_000)}<call>`],
		['tags 10,000 deep', `${'<a>'.repeat(10_000)}${'</a>'.repeat(10_000)}`],
		['a CDATA section never closed', '<call><![CDATA[abc</call>'],
		['a comment never closed', '<call><!-- abc</call>'],
		['an empty document', ''],
		['text only', 'just text'],
		['a quadratic blowup', `<?xml version="1.0"?><!DOCTYPE q [<!ENTITY a "${'x'.repeat(50_000)}">]><call>${'&a;'.repeat(1000)}</call>`],
	];
	const cases: HostileCase[] = [];
	for (const [name, xml] of documents) {
		for (const type of ['application/xml', 'text/xml']) {
			for (const method of ['POST', 'PUT']) {
				cases.push({ category: 'XML', name: `${name} (${type}, ${method})`, method, target: '/webhook/profile/autoid', headers: { ...auth, 'content-type': type }, body: Buffer.from(xml) });
			}
		}
	}
	return cases;
}

/** CTM's phase in the URL: missing, unknown or malformed, with valid credentials. */
function ctmPhaseCases(): HostileCase[] {
	const body = Buffer.from(JSON.stringify(CTM_ACTIVITY));
	const cases: HostileCase[] = [];
	for (const query of ['', '?trigger=', '?trigger=%00', '?trigger=ended', '?trigger=%3Cscript%3E', '?phase=end', '?TRIGGER=end']) {
		const time = now();
		cases.push({
			category: 'trigger phase',
			name: `query "${query}"`,
			method: 'POST',
			target: `/webhook/profile/ctm${query}`,
			headers: { 'content-type': 'application/json', 'x-webhook-token': PROFILE_SECRETS.ctmHeader, 'x-ctm-time': time, 'x-ctm-signature': ctmSign(time, body) },
			body,
		});
	}
	return cases;
}

const profileNamed = (name: string) => {
	const target = TRIGGER_TARGETS.find((t) => t.profile.name === name);
	if (!target) throw new Error(`no profile ${name}`);
	return target.profile;
};

/**
 * CTM: the trailing-newline trim before the signature check (any signature, with the header token so the check is
 * reached), and `called_at` followed by a long run of spaces (parsed when `unix_time` is absent), correctly signed.
 */
function ctmClassCases(): HostileCase[] {
	const build = classCaseBuilder(profileNamed('CallTrackingMetrics Trigger'));
	const bogus = () => ({ 'x-webhook-token': PROFILE_SECRETS.ctmHeader, 'x-ctm-time': now(), 'x-ctm-signature': 'AAAAAAAAAAAAAAAAAAAAAAAAAAA=' });
	const { unix_time: _unix, ...activity } = CTM_ACTIVITY as unknown as Record<string, unknown>;
	void _unix;
	return [
		...escalating('newlines then "x", a bogus signature', (bytes) => build.withHeaders('trailing whitespace', '', Buffer.from(`${'\n'.repeat(bytes)}x`), bogus())),
		...escalating('CRLFs then "x", a bogus signature', (bytes) => build.withHeaders('trailing whitespace', '', Buffer.from(`${'\r\n'.repeat(bytes / 2)}x`), bogus())),
		...escalating('newlines only, a bogus signature', (bytes) => build.withHeaders('trailing whitespace', '', Buffer.from('\n'.repeat(bytes)), bogus())),
		...escalating('called_at then spaces then "x", signed', (bytes) =>
			build.authed('trailing whitespace', '', Buffer.from(JSON.stringify({ ...activity, called_at: `2024-03-01 09:15${' '.repeat(bytes)}x` })), 'answered'),
		),
	];
}

/** Wildix: type confusion inside a call:completed event's flows (a flow's direction as an object, 150,000 flows). */
function wildixClassCases(): HostileCase[] {
	const build = classCaseBuilder(profileNamed('Wildix Trigger'));
	return typeConfusionCases(build, callCompletedInbound(), 'call:completed ');
}

/** M8Com call log: a body line "Call to user: a" + a long run of spaces + "b". */
function callLogClassCases(): HostileCase[] {
	const build = classCaseBuilder(profileNamed('M8Com Call Log Trigger'));
	return escalating('"Call to user: a" then spaces then "b" in body, authenticated', (bytes) =>
		build.authed('trailing whitespace', '', Buffer.from(JSON.stringify({ ...CONTACT_CALLED_SUPPORT, body: `Call to user: a${' '.repeat(bytes)}b` })), 'answered'),
	);
}

/**
 * M8Com recordings with downloads on and no opt-in: file URLs on the n8n host (a canary server on 127.0.0.1 that
 * must never be asked) in every spelling, and more files than the default maximum. Only loopback addresses are
 * used here: other private ranges are unit-tested, never sent to from this machine.
 */
function recordingClassCases(context: ClassContext): HostileCase[] {
	const build = classCaseBuilder(profileNamed('M8Com Recording Trigger'));
	const { port } = new URL(context.canaryOrigin);
	const hosts = ['127.0.0.1', '127.0.0.1.', '127.1', '127.0.1.2', '0x7f000001', '0x7f.0.0.1', '2130706433', '0177.0.0.1', '[::1]', '[::ffff:127.0.0.1]', '[::ffff:7f00:1]', '[0:0:0:0:0:0:0:1]', 'localhost'];
	const recording = (fileUrls: string[]) => Buffer.from(JSON.stringify({ ...SUPPORT_RECORDING, fileUrls }));
	const cases = hosts.map((host) => build.authed('private addresses', `a file on http://${host}`, recording([`http://${host}:${port}/rec/1.mp3?token=canary`]), 'refused'));
	cases.push(build.authed('private addresses', 'a file on https://127.0.0.1', recording([`https://127.0.0.1:${port}/rec/1.mp3`]), 'refused'));
	cases.push(build.authed('private addresses', 'a file on 127.0.0.1, then one elsewhere', recording([`${context.canaryOrigin}/rec/1.mp3`, 'https://files.m8com.example/rec/2.mp3']), 'refused'));
	cases.push(build.authed('private addresses', '11 files (over the default maximum of 10)', recording(Array.from({ length: 11 }, (_, i) => `${context.canaryOrigin}/rec/${i}.mp3`)), 'refused'));
	cases.push(build.authed('private addresses', '5,000 files', recording(Array.from({ length: 5000 }, (_, i) => `${context.canaryOrigin}/rec/${i}.mp3`)), 'refused'));
	return cases;
}

/** Sends the profile's valid request (signed or authenticated as the vendor does); the answer's status. */
export async function sendValidRequest(webhookUrl: string, profile: TriggerProfile): Promise<number> {
	const query = profile.validQuery ? `?${new URLSearchParams(profile.validQuery)}` : '';
	const body = profile.validBody ? Buffer.from(JSON.stringify(profile.validBody)) : undefined;
	const target = `/webhook/${profile.path}${query}`;
	const headers = { 'content-type': profile.contentTypes[0], ...profile.authHeaders(body ?? Buffer.alloc(0), target) };
	return (await fetch(`${webhookUrl}${target}`, { method: profile.methods[0], headers, body })).status;
}
