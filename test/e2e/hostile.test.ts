/**
 * Hostile input, per trigger, against the real n8n: at least 500 generated bad requests each (wrong methods,
 * missing, wrong and replayed credentials and signatures, wrong content types, truncated and malformed JSON,
 * XML bombs and external entities, invalid documents, deep nesting, bodies up to n8n's size limit, odd
 * Unicode, header injection). Every one must get a 4xx, start no execution and echo no secret; n8n must be
 * healthy afterwards and the trigger must still accept a valid request. Bodies over n8n's limit are refused by
 * n8n itself before the node: they must start nothing, and n8n's answer is recorded.
 */
import { N8nApi } from '../harness/api';
import { readE2eState } from '../harness/state';
import { generateHostileCases, overLimitCases, sendHostile, type HostileCase } from '../support/hostile';
import { HOSTILE_CREDENTIALS, HOSTILE_TARGETS, type HostileTarget } from '../support/hostileProfiles';
import { runPool } from '../support/load';
import { recordFigures } from '../support/report';

const state = readE2eState();
const api = new N8nApi(state);
const MIN_CASES = 500;
const workflowIds = new Map<HostileTarget, string>();

beforeAll(async () => {
	const credentials: Record<string, { id: string; name: string }> = {};
	for (const { key, type, data } of HOSTILE_CREDENTIALS) credentials[key] = await api.createCredential(`hostile ${key}`, type, data);
	for (const target of HOSTILE_TARGETS) workflowIds.set(target, await api.createActiveWorkflow(target.workflow(credentials)));
}, 180_000);

const label = (c: HostileCase) => `${c.category}: ${c.name}`;

async function sendAll(cases: HostileCase[]) {
	return runPool(cases.length, 4, async (i) => {
		const { status, text } = await sendHostile(state.webhookUrl, cases[i]);
		return { status, body: text };
	});
}

/** A valid request, built from the profile, that the trigger must still accept. */
async function sendValid(target: HostileTarget): Promise<number> {
	const { profile } = target;
	const query = profile.validQuery ? `?${new URLSearchParams(profile.validQuery)}` : '';
	const url = `${state.webhookUrl}/webhook/${profile.path}${query}`;
	const body = profile.validBody ? Buffer.from(JSON.stringify(profile.validBody)) : undefined;
	const headers = { 'content-type': profile.contentTypes[0], ...profile.authHeaders(body ?? Buffer.alloc(0), `/webhook/${profile.path}${query}`) };
	return (await fetch(url, { method: profile.methods[0], headers, body })).status;
}

describe('hostile input against every trigger, in a real n8n', () => {
	test.each(HOSTILE_TARGETS.map((t) => [t.profile.name, t] as const))(
		'%s: every bad request is a 4xx, starts nothing and echoes no secret',
		async (name, target) => {
			const workflowId = workflowIds.get(target) as string;
			const cases = generateHostileCases(target.profile);
			expect(cases.length).toBeGreaterThanOrEqual(MIN_CASES);
			const before = (await api.executions(workflowId)).length;
			const started = Date.now();

			const results = await sendAll(cases);
			const not4xx = results.filter((r) => r.status < 400 || r.status >= 500).map((r) => `${label(cases[r.index])} → ${r.status}${r.error ? ` (${r.error})` : ''}`);
			expect(not4xx).toEqual([]);
			const leaks = results.filter((r) => target.profile.secrets.some((secret) => r.body.includes(secret))).map((r) => label(cases[r.index]));
			expect(leaks).toEqual([]);

			// Over n8n's payload limit: refused by n8n before the node; nothing may start.
			const overLimit = overLimitCases(target.profile);
			const overLimitResults = await sendAll(overLimit);
			expect(overLimitResults.filter((r) => r.status !== 0 && r.status < 400)).toEqual([]);

			// n8n is healthy, and the trigger still accepts a valid request: the only execution.
			expect((await fetch(`${state.baseUrl}/healthz`)).status).toBe(200);
			expect(target.validStatuses).toContain(await sendValid(target));
			const executions = await api.waitForExecutions(workflowId, before + 1);
			expect(executions.length).toBe(before + 1);
			const executionText = JSON.stringify(await api.executions(workflowId, true));
			for (const secret of target.profile.secrets) expect(executionText).not.toContain(secret);

			const count = <T,>(items: T[], key: (item: T) => string) =>
				items.reduce<Record<string, number>>((all, item) => ({ ...all, [key(item)]: (all[key(item)] ?? 0) + 1 }), {});
			recordFigures('hostile', name, {
				requests: cases.length,
				answered4xx: cases.length - not4xx.length,
				executionsStarted: executions.length - before - 1,
				secretsEchoed: leaks.length,
				seconds: Math.round((Date.now() - started) / 1000),
				byCategory: count(cases, (c) => c.category),
				statuses: count(results, (r) => String(r.status)),
				overLimit: overLimitResults.map((r) => r.status),
			});
		},
		900_000,
	);
});
