/* eslint-disable @n8n/community-nodes/no-restricted-globals -- not shipped: n8n's rules for node code */
/**
 * Every trigger's webhook(), called as n8n calls it, grows about linearly from 10 KB to 100 KB to 1 MB of
 * adversarial body (or query): unsigned (the work a stranger can cause) and correctly signed (the work an
 * authenticated but odd request causes). The ratio between sizes is asserted (< 30 per 10 ×), never a time.
 */
import { CONTACT_CALLED_SUPPORT, PERSONAL_RECORDING } from '../../fixtures/m8com';
import { CTM_ACTIVITY } from '../../support/standInCtmApi';
import { callCompletedInbound } from '../../support/wildix';
import { fill, MAX_RATIO, measured, measureGrowthAsync } from './growth';
import { deliver, triggerNamed, type Delivery } from './triggers';

interface WebhookScalingCase {
	trigger: string;
	input: string;
	make(size: number): Delivery;
}

const spaces = (n: number) => ' '.repeat(n);
const CASES: WebhookScalingCase[] = [
	{ trigger: 'M8Com Lookup Trigger', input: 'a JSON user parameter of N bytes', make: (n) => ({ query: `fromNumber=0701234567&user=${encodeURIComponent(JSON.stringify({ firstName: fill('a ', n) }))}` }) },
	{ trigger: 'M8Com Lookup Trigger', input: 'unsigned, a query of N bytes of bracket keys', make: (n) => ({ signed: false, query: fill('user[a][b]=1&', n) }) },
	{ trigger: 'M8Com Call Log Trigger', input: 'signed, "Call to user: a" + spaces + "b" in the body', make: (n) => ({ body: JSON.stringify({ ...CONTACT_CALLED_SUPPORT, body: `Call to user: a${spaces(n)}b` }) }) },
	{ trigger: 'M8Com Call Log Trigger', input: 'signed, N bytes of section lines', make: (n) => ({ body: JSON.stringify({ ...CONTACT_CALLED_SUPPORT, body: fill('Call to: (((\n', n) }) }) },
	{ trigger: 'M8Com Call Log Trigger', input: 'unsigned, N bytes of JSON', make: (n) => ({ signed: false, body: JSON.stringify({ body: spaces(n) }) }) },
	{ trigger: 'M8Com Recording Trigger', input: 'signed, N bytes of file URLs', make: (n) => ({ body: JSON.stringify({ ...PERSONAL_RECORDING, fileUrls: Array.from({ length: Math.floor(n / 25) }, (_, i) => `https://files.example/${i}.mp3`) }) }) },
	{ trigger: 'Wildix Trigger (call events)', input: 'signed, N bytes of flows', make: (n) => ({ body: JSON.stringify({ ...callCompletedInbound(), data: { id: 'c', flows: Array.from({ length: Math.floor(n / 60) }, (_, i) => ({ startTime: i, endTime: i + 1, direction: { toString: 1 } })) } }) }) },
	{ trigger: 'Wildix Trigger (call events)', input: 'unsigned, N bytes of flows', make: (n) => ({ signed: false, headers: { 'x-signature': 'a'.repeat(64) }, body: JSON.stringify({ ...callCompletedInbound(), data: { flows: Array.from({ length: Math.floor(n / 20) }, () => ({ startTime: 1 })) } }) }) },
	{ trigger: 'CallTrackingMetrics Trigger (log data, signature only)', input: 'unsigned, newlines then "x", any signature', make: (n) => ({ signed: false, headers: { 'x-ctm-signature': 'AAAAAAAAAAAAAAAAAAAAAAAAAAA=', 'x-ctm-time': String(Math.floor(Date.now() / 1000)) }, body: `${'\n'.repeat(n - 1)}x` }) },
	{ trigger: 'CallTrackingMetrics Trigger (log data, signature + basic + header auth)', input: 'signed, a body ending in N newlines', make: (n) => ({ body: `${JSON.stringify(CTM_ACTIVITY)}${'\r\n'.repeat(n / 2)}` }) },
	{ trigger: 'CallTrackingMetrics Trigger (log data, no authentication, any phase)', input: 'called_at of spaces (the default set-up: no authentication)', make: (n) => ({ body: JSON.stringify({ ...CTM_ACTIVITY, unix_time: null, called_at: `2024-03-01 09:15${spaces(n)}x` }) }) },
	{ trigger: 'CallTrackingMetrics Trigger (pixel posted as a form)', input: 'N bytes of form fields', make: (n) => ({ body: fill('a=1&constructor=2&', n) }) },
	{ trigger: 'AutoID Trigger (XML, basic auth)', input: 'signed, N bytes of attributes', make: (n) => ({ body: `<call${Array.from({ length: Math.floor(n / 10) }, (_, i) => ` a${i}="1"`).join('')}/>` }) },
	{ trigger: 'AutoID Trigger (XML, basic auth)', input: 'signed, N bytes of ampersands', make: (n) => ({ body: `<call>${'&'.repeat(n)}</call>` }) },
	{ trigger: 'AutoID Trigger (JSON, header auth)', input: 'signed, a template of N bytes of keys', make: (n) => ({ body: JSON.stringify(Object.fromEntries(Array.from({ length: Math.floor(n / 12) }, (_, i) => [`K${i}`, '%x%']))) }) },
	{ trigger: 'AutoID Trigger (JSON, header auth)', input: 'unsigned, N bytes of JSON', make: (n) => ({ signed: false, body: JSON.stringify({ a: spaces(n) }) }) },
];

describe("triggers' webhook() grows about linearly on adversarial input (10 KB → 100 KB → 1 MB)", () => {
	test.each(CASES.map((testCase) => [`${testCase.trigger}: ${testCase.input}`, testCase] as const))('%s', async (_, testCase) => {
		const trigger = triggerNamed(testCase.trigger);
		const growth = await measureGrowthAsync(testCase.make, async (delivery) => {
			const outcome = await deliver(trigger, delivery);
			expect(outcome.status).toBeLessThan(500);
		});
		measured.push({ parser: `${testCase.trigger} webhook()`, input: testCase.input, ms: growth.ms });
		expect({ gaveUp: growth.gaveUp, ratios: growth.ratios.map((r) => r < MAX_RATIO), ms: growth.ms }).toEqual({ gaveUp: false, ratios: [true, true], ms: growth.ms });
	});
});

afterAll(() => {
	const lines = measured.map((m) => `${m.parser} — ${m.input}: ${m.ms[1_000_000]?.toFixed(1)} ms at 1 MB`);
	process.stdout.write(`\nwebhook() at 1 MB of adversarial input:\n${lines.join('\n')}\n`);
});
