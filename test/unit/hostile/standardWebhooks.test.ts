/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- not shipped: n8n's rules for node code */
/**
 * The Standard Webhooks project's shared negative signature cases (standard-webhooks/standard-webhooks,
 * libraries/javascript/src/webhook.test.ts and libraries/go/webhook_test.go) ported to the two signing vendors,
 * as an outside reference for what a verifier must refuse, through each trigger's webhook() as n8n calls it:
 * - Wildix: `x-signature` = hex HMAC-SHA256(secret, body); no timestamp in the scheme;
 * - CallTrackingMetrics: `X-CTM-Signature` = Base64(HMAC-SHA1(secret, X-CTM-Time + body)), 300 s window.
 * docs/signatures.md maps every case (and says which do not apply, and why); a test below keeps the two in step.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { ctmSign, deliver, triggerNamed, wildixSign, type Delivery, type UnitTrigger } from './triggers';

const WILDIX = triggerNamed('Wildix Trigger (call events)');
const CTM = triggerNamed('CallTrackingMetrics Trigger (log data, signature only)');
const WINDOW_SECONDS = 300;

/** The Standard Webhooks suite's own examples of a well-formed but wrong and of a garbled signature. */
const SW_OTHER_SIGNATURE = 'Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=';
const SW_GARBLED = 'dawfeoifkpqwoekfpqoekf';

interface PortedCase {
	/** The case's id in docs/signatures.md. */
	id: string;
	/** What is sent, in words. */
	sent: string;
	delivery(): Delivery;
	status: number;
	message?: string;
	trigger?: UnitTrigger;
}

const REQUIRED = 'Authentication required';
const FAILED = 'Authentication failed';

const wildixBody = Buffer.from(WILDIX.validBody);
const wildixGood = wildixSign(wildixBody);
const wildix = (signature: string | undefined, extra: Delivery = {}): Delivery => ({ signed: false, headers: { 'x-signature': signature }, ...extra });

const WILDIX_CASES: PortedCase[] = [
	{ id: 'valid', sent: 'the signature of the body', delivery: () => wildix(wildixGood), status: 200 },
	{ id: 'missing-signature', sent: 'no x-signature header', delivery: () => wildix(undefined), status: 401, message: REQUIRED },
	{ id: 'empty-signature', sent: 'an empty x-signature', delivery: () => wildix(''), status: 401, message: REQUIRED },
	{ id: 'invalid-signature', sent: 'a garbled signature', delivery: () => wildix(SW_GARBLED), status: 401, message: FAILED },
	{ id: 'wrong-signature', sent: 'a well-formed signature of another body', delivery: () => wildix(wildixSign('{"test": 2432232314}')), status: 401, message: FAILED },
	{ id: 'wrong-secret', sent: 'the body signed with another secret', delivery: () => wildix(wildixSign(wildixBody, 'MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw')), status: 401, message: FAILED },
	{ id: 'partial-signature', sent: 'the first 8 characters of the signature', delivery: () => wildix(wildixGood.slice(0, 8)), status: 401, message: FAILED },
	{ id: 'prefix-only', sent: 'a scheme prefix without a signature ("v1,")', delivery: () => wildix('v1,'), status: 401, message: FAILED },
	{ id: 'versioned-signature', sent: 'the signature behind a scheme prefix ("v1,<sig>")', delivery: () => wildix(`v1,${wildixGood}`), status: 401, message: FAILED },
	{ id: 'multiple-signatures', sent: 'several signatures separated by spaces, one of them valid', delivery: () => wildix([SW_OTHER_SIGNATURE, wildixGood, SW_OTHER_SIGNATURE].join(' ')), status: 401, message: FAILED },
	{ id: 'repeated-header', sent: 'two x-signature headers, one valid (Node joins them with ", ")', delivery: () => wildix(`${wildixSign('x')}, ${wildixGood}`), status: 401, message: FAILED },
	{ id: 'altered-body', sent: 'a valid signature, then the body changed', delivery: () => wildix(wildixGood, { body: WILDIX.validBody.replace('Maria', 'Mario') }), status: 401, message: FAILED },
	{ id: 'empty-key', sent: 'a signature made with an empty secret, to a credential whose secret is empty', delivery: () => wildix(wildixSign(wildixBody, '')), status: 401, message: FAILED, trigger: { ...WILDIX, credentials: { wildixWebhookApi: { secret: '' } } } },
	{ id: 'unbranded-headers', sent: 'the header name in another case (X-Signature)', delivery: () => ({ signed: false, headers: { 'X-Signature': wildixGood } }), status: 200 },
];

const ctmBody = Buffer.from(CTM.validBody);
const nowSeconds = () => Math.floor(Date.now() / 1000);
const ctm = (time: string | undefined, signature: string | undefined, extra: Delivery = {}): Delivery => ({
	signed: false,
	headers: { 'x-ctm-time': time, 'x-ctm-signature': signature },
	...extra,
});
const signedAt = (offsetSeconds: number, extra: Delivery = {}) => {
	const time = String(nowSeconds() + offsetSeconds);
	return ctm(time, ctmSign(time, ctmBody), extra);
};
const ctmGood = () => {
	const time = String(nowSeconds());
	return { time, signature: ctmSign(time, ctmBody) };
};

const CTM_CASES: PortedCase[] = [
	{ id: 'valid', sent: 'the signature of X-CTM-Time + body, now', delivery: () => signedAt(0), status: 200 },
	{ id: 'missing-signature', sent: 'no X-CTM-Signature', delivery: () => ctm(String(nowSeconds()), undefined), status: 401, message: REQUIRED },
	{ id: 'empty-signature', sent: 'an empty X-CTM-Signature', delivery: () => ctm(String(nowSeconds()), ''), status: 401, message: REQUIRED },
	{ id: 'missing-timestamp', sent: 'a valid signature, no X-CTM-Time', delivery: () => ctm(undefined, ctmGood().signature), status: 401, message: REQUIRED },
	{ id: 'invalid-timestamp', sent: 'X-CTM-Time "hello", signed over "hello" + body', delivery: () => ctm('hello', ctmSign('hello', ctmBody)), status: 403, message: FAILED },
	{ id: 'old-timestamp', sent: `signed ${WINDOW_SECONDS + 1} s ago`, delivery: () => signedAt(-WINDOW_SECONDS - 1), status: 403, message: FAILED },
	{ id: 'new-timestamp', sent: `signed ${WINDOW_SECONDS + 1} s in the future`, delivery: () => signedAt(WINDOW_SECONDS + 1), status: 403, message: FAILED },
	{ id: 'timestamp-in-window', sent: `signed ${WINDOW_SECONDS - 5} s ago`, delivery: () => signedAt(-(WINDOW_SECONDS - 5)), status: 200 },
	{ id: 'timestamp-in-window', sent: `signed ${WINDOW_SECONDS - 5} s ahead (clock skew)`, delivery: () => signedAt(WINDOW_SECONDS - 5), status: 200 },
	{ id: 'timestamp-in-milliseconds', sent: 'X-CTM-Time in milliseconds, signed over it', delivery: () => {
		const time = String(Date.now());
		return ctm(time, ctmSign(time, ctmBody));
	}, status: 403, message: FAILED },
	{ id: 'invalid-signature', sent: 'a garbled signature', delivery: () => ctm(String(nowSeconds()), SW_GARBLED), status: 403, message: FAILED },
	{ id: 'wrong-signature', sent: 'a well-formed signature of something else', delivery: () => ctm(String(nowSeconds()), ctmSign('0', Buffer.from('{"test": 2432232314}'))), status: 403, message: FAILED },
	{ id: 'wrong-secret', sent: 'signed with another secret', delivery: () => {
		const time = String(nowSeconds());
		return ctm(time, ctmSign(time, ctmBody, 'MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'));
	}, status: 403, message: FAILED },
	{ id: 'replayed-time', sent: "a valid signature, sent with another X-CTM-Time (now)", delivery: () => {
		const earlier = String(nowSeconds() - 10);
		return ctm(String(nowSeconds()), ctmSign(earlier, ctmBody));
	}, status: 403, message: FAILED },
	{ id: 'partial-signature', sent: 'the first 8 characters of the signature', delivery: () => {
		const { time, signature } = ctmGood();
		return ctm(time, signature.slice(0, 8));
	}, status: 403, message: FAILED },
	{ id: 'prefix-only', sent: 'a scheme prefix without a signature ("v1,")', delivery: () => ctm(String(nowSeconds()), 'v1,'), status: 403, message: FAILED },
	{ id: 'versioned-signature', sent: 'the signature behind a scheme prefix ("v1,<sig>")', delivery: () => {
		const { time, signature } = ctmGood();
		return ctm(time, `v1,${signature}`);
	}, status: 403, message: FAILED },
	{ id: 'multiple-signatures', sent: 'several signatures separated by spaces, one of them valid', delivery: () => {
		const { time, signature } = ctmGood();
		return ctm(time, [SW_OTHER_SIGNATURE, signature, SW_OTHER_SIGNATURE].join(' '));
	}, status: 403, message: FAILED },
	{ id: 'repeated-header', sent: 'two X-CTM-Signature headers, one valid (Node joins them with ", ")', delivery: () => {
		const { time, signature } = ctmGood();
		return ctm(time, `${SW_OTHER_SIGNATURE.slice(0, 27)}=, ${signature}`);
	}, status: 403, message: FAILED },
	{ id: 'altered-body', sent: 'a valid signature, then the body changed', delivery: () => signedAt(0, { body: CTM.validBody.replace('Maria', 'Mario') }), status: 403, message: FAILED },
	{ id: 'empty-key', sent: 'signature checking on, the credential has no signing secret', delivery: () => signedAt(0), status: 500, message: 'Authentication is not set up for this webhook', trigger: { ...CTM, credentials: { callTrackingMetricsApi: { ...CTM.credentials.callTrackingMetricsApi, signingSecret: '' } } } },
	{ id: 'unbranded-headers', sent: 'the header names in another case (x-ctm-time, X-Ctm-Signature)', delivery: () => {
		const { time, signature } = ctmGood();
		return { signed: false, headers: { 'X-Ctm-Time': time, 'X-Ctm-Signature': signature } };
	}, status: 200 },
	{ id: 'wider-window', sent: 'signed 600 s ago, Signature Time Window 900 s (the "ignoring tolerance" cases)', delivery: () => signedAt(-600), status: 200, trigger: { ...CTM, parameters: { ...CTM.parameters, settings: { signatureWindow: 900 } } } },
	{ id: 'wider-window-old', sent: 'signed in the year 2000, Signature Time Window 900 s', delivery: () => ctm('946684800', ctmSign('946684800', ctmBody)), status: 403, message: FAILED, trigger: { ...CTM, parameters: { ...CTM.parameters, settings: { signatureWindow: 900 } } } },
];

async function run(trigger: UnitTrigger, testCase: PortedCase) {
	const outcome = await deliver(testCase.trigger ?? trigger, testCase.delivery());
	expect({ status: outcome.status, message: outcome.message }).toEqual({ status: testCase.status, message: testCase.message });
	expect(outcome.items).toHaveLength(testCase.status === 200 ? 1 : 0);
}

describe('Standard Webhooks negative cases, ported to Wildix (hex HMAC-SHA256, no timestamp)', () => {
	test.each(WILDIX_CASES.map((c) => [c.id, c.sent, c] as const))('%s: %s', async (_, __, testCase) => run(WILDIX, testCase));

	test('no timestamp in the scheme: replays are bounded by the envelope time instead (Ignore Events Older Than)', async () => {
		const stale = { ...JSON.parse(WILDIX.validBody), time: Date.now() - 11 * 60_000 };
		const outcome = await deliver({ ...WILDIX, parameters: { ...WILDIX.parameters, settings: { maxAgeMinutes: 10 } } }, { body: JSON.stringify(stale) });
		expect({ status: outcome.status, message: outcome.message, items: outcome.items }).toEqual({ status: 200, message: 'Ignored: event older than 10 minutes', items: [] });
	});
});

describe('Standard Webhooks negative cases, ported to CallTrackingMetrics (Base64 HMAC-SHA1 over X-CTM-Time + body)', () => {
	test.each(CTM_CASES.map((c) => [c.id, c.sent, c] as const))('%s: %s', async (_, __, testCase) => run(CTM, testCase));
});

describe('docs/signatures.md maps every ported case', () => {
	const docs = readFileSync(join(__dirname, '../../../docs/signatures.md'), 'utf8');
	test.each([...new Set([...WILDIX_CASES, ...CTM_CASES].map((c) => c.id))])('%s is in the mapping', (id) => {
		expect(docs).toContain(`\`${id}\``);
	});
});
