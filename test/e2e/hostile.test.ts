/**
 * Hostile input, per trigger, against the real n8n: at least 500 generated bad requests each (wrong methods,
 * missing, wrong and replayed credentials and signatures, wrong content types, truncated and malformed JSON,
 * XML bombs and external entities, invalid documents, deep nesting, bodies up to n8n's size limit, odd
 * Unicode, header injection). Every one must get a 4xx, start no execution and echo no secret; n8n must be
 * healthy afterwards and the trigger must still accept a valid request. Bodies over n8n's limit: 413, nothing
 * started.
 */
import { N8nApi } from '../harness/api';
import { readE2eState } from '../harness/state';
import { generateHostileCases, overLimitCases, sendHostile, type HostileCase } from '../support/hostile';
import { PROFILE_CREDENTIALS, TRIGGER_TARGETS, sendValidRequest, type TriggerTarget } from '../support/triggerProfiles';
import { runPool } from '../support/load';
import { recordFigures } from '../support/report';

const state = readE2eState();
const api = new N8nApi(state);
const MIN_CASES = 500;
const workflowIds = new Map<TriggerTarget, string>();

beforeAll(async () => {
	const credentials: Record<string, { id: string; name: string }> = {};
	for (const { key, type, data } of PROFILE_CREDENTIALS) credentials[key] = await api.createCredential(`profile ${key}`, type, data);
	for (const target of TRIGGER_TARGETS) workflowIds.set(target, await api.createActiveWorkflow(target.workflow(credentials)));
}, 180_000);

const label = (c: HostileCase) => `${c.category}: ${c.name}`;

async function sendAll(cases: HostileCase[]) {
	return runPool(cases.length, 4, async (i) => {
		const { status, text } = await sendHostile(state.webhookUrl, cases[i]);
		return { status, body: text };
	});
}

describe('hostile input against every trigger, in a real n8n', () => {
	test.each(TRIGGER_TARGETS.map((t) => [t.profile.name, t] as const))(
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

			// Over n8n's payload limit: 413 (or 401 at once to a stranger, the upload then cut short); nothing starts.
			const overLimit = overLimitCases(target.profile);
			const overLimitResults = await sendAll(overLimit);
			expect(overLimitResults.filter((r) => r.status !== 0 && (r.status < 400 || r.status >= 500)).map((r) => `${label(overLimit[r.index])} → ${r.status}`)).toEqual([]);

			// n8n is healthy, and the trigger still accepts a valid request: the only execution.
			expect((await fetch(`${state.baseUrl}/healthz`)).status).toBe(200);
			expect(target.validStatuses).toContain(await sendValidRequest(state.webhookUrl, target.profile));
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
