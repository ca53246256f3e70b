/* eslint-disable @n8n/community-nodes/no-restricted-imports -- not shipped: n8n's rules for node code */
/**
 * Hostile input, per trigger, against the real n8n: at least 500 generated bad requests each (wrong methods,
 * missing, wrong and replayed credentials and signatures, wrong content types, truncated and malformed JSON,
 * XML bombs and external entities, invalid documents, deep nesting, bodies up to n8n's size limit, odd
 * Unicode, header injection). Every one must get a 4xx, start no execution and echo no secret; n8n must be
 * healthy afterwards and the trigger must still accept a valid request. Bodies over n8n's limit: 413, nothing
 * started.
 *
 * Then the timed classes of issue 14 (hostileClasses.ts), sent one at a time so each answer's time is its own:
 * huge trailing newlines and spaces, private-address recording URLs, prototype keys, type-confused fields. Each
 * is answered within CASE_SECONDS, refused ones with a 4xx and no execution, odd authenticated ones with a 4xx
 * or a 2xx (never a 5xx); after each class a valid request is answered within RESPONSIVE_SECONDS.
 */
import { createServer, type Server } from 'node:http';

import { N8nApi } from '../harness/api';
import { readE2eState } from '../harness/state';
import { generateHostileCases, overLimitCases, sendHostile, type HostileCase } from '../support/hostile';
import { CASE_SECONDS, ESCALATION_STOP_SECONDS, generateClassCases, type ClassContext } from '../support/hostileClasses';
import { PROFILE_CREDENTIALS, TRIGGER_TARGETS, sendValidRequest, type TriggerTarget } from '../support/triggerProfiles';
import { runPool } from '../support/load';
import { recordFigures } from '../support/report';

const state = readE2eState();
const api = new N8nApi(state);
const MIN_CASES = 500;
const workflowIds = new Map<TriggerTarget, string>();
/** A valid request right after a class must be answered this fast: n8n stayed responsive. */
const RESPONSIVE_SECONDS = 5;
// The canary: a server on 127.0.0.1 that private-address recording URLs point at. Nothing may ever ask it.
let canary: Server;
const canaryRequests: string[] = [];
let classContext: ClassContext;

beforeAll(async () => {
	canary = createServer((req, res) => {
		canaryRequests.push(req.url ?? '');
		res.writeHead(200, { 'content-type': 'audio/mpeg' }).end('canary');
	});
	await new Promise<void>((resolve) => canary.listen(0, '127.0.0.1', resolve));
	classContext = { canaryOrigin: `http://127.0.0.1:${(canary.address() as { port: number }).port}` };
	const credentials: Record<string, { id: string; name: string }> = {};
	for (const { key, type, data } of PROFILE_CREDENTIALS) credentials[key] = await api.createCredential(`profile ${key}`, type, data);
	for (const target of TRIGGER_TARGETS) workflowIds.set(target, await api.createActiveWorkflow(target.workflow(credentials)));
}, 180_000);

// Other suites activate the same profile paths on this n8n; n8n refuses a second active workflow on a path.
afterAll(async () => {
	canary?.closeAllConnections();
	canary?.close();
	for (const id of workflowIds.values()) await api.deactivate(id);
});

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
				// Sent four at a time, so a class's worst time includes waiting behind the others.
				classes: classFigures(results.map((r) => ({ category: cases[r.index].category, seconds: r.ms / 1000 }))),
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

	test.each(TRIGGER_TARGETS.map((t) => [t.profile.name, t] as const))(
		'%s: the timed classes (trailing whitespace, private addresses, prototype keys, type confusion) are answered fast, 4xx or a documented 2xx, and n8n stays responsive',
		async (name, target) => {
			const workflowId = workflowIds.get(target) as string;
			const cases = generateClassCases(target.profile, classContext);
			const categories = [...new Set(cases.map((c) => c.category))];
			const before = (await api.executions(workflowId)).length;
			const problems: string[] = [];
			const timings: Array<{ category: string; seconds: number }> = [];
			let started = 0;
			const responsive: Record<string, number> = {};

			for (const category of categories) {
				const slowSteps = new Map<string, string>();
				for (const c of cases.filter((k) => k.category === category)) {
					const stoppedBy = c.escalation ? slowSteps.get(c.escalation) : undefined;
					if (stoppedBy) {
						problems.push(`${label(c)}: not sent, ${stoppedBy}`);
						continue;
					}
					const t0 = performance.now();
					let result: { status: number; text: string };
					try {
						result = await sendHostile(state.webhookUrl, c);
					} catch (error) {
						result = { status: 0, text: String((error as { cause?: unknown }).cause ?? error) };
					}
					const seconds = (performance.now() - t0) / 1000;
					timings.push({ category, seconds });
					if (c.escalation && seconds > ESCALATION_STOP_SECONDS) slowSteps.set(c.escalation, `the step before took ${seconds.toFixed(1)} s`);
					const refused = result.status >= 400 && result.status < 500;
					const accepted = result.status >= 200 && result.status < 300;
					if (seconds > CASE_SECONDS) problems.push(`${label(c)}: ${seconds.toFixed(1)} s`);
					if (c.expect === 'answered' ? !(refused || accepted) : !refused) problems.push(`${label(c)} → ${result.status}`);
					// A run started: the trigger's answer for an accepted request (the lookup's is its workflow's 404), not an "Ignored".
					if (target.validStatuses.includes(result.status) && !result.text.includes('"Ignored: ')) started++;
					if (target.profile.secrets.some((secret) => result.text.includes(secret))) problems.push(`${label(c)}: echoed a secret`);
				}
				// n8n stays responsive: a valid request right after the class is answered quickly.
				const t0 = performance.now();
				const status = await sendValidRequest(state.webhookUrl, target.profile);
				responsive[category] = Math.round((performance.now() - t0) / 100) / 10;
				if (!target.validStatuses.includes(status)) problems.push(`the valid request after "${category}" → ${status}`);
				if (responsive[category] > RESPONSIVE_SECONDS) problems.push(`the valid request after "${category}" took ${responsive[category]} s`);
			}

			// Recorded before the checks, so a slow or failing class shows in the figures too.
			recordFigures('hostileClasses', name, {
				requests: timings.length,
				executionsStarted: started,
				problems: problems.length,
				classes: classFigures(timings),
				validRequestSecondsAfter: responsive,
			});
			expect(problems).toEqual([]);
			expect(canaryRequests).toEqual([]);
			// Executions: one per valid request, plus one per accepted odd request; none for the refused ones.
			const executions = await api.waitForExecutions(workflowId, before + categories.length + started);
			expect(executions.length).toBe(before + categories.length + started);
		},
		900_000,
	);
});

/** Per class: how many requests, and the slowest answer in seconds. */
function classFigures(timings: Array<{ category: string; seconds: number }>): Record<string, { count: number; worstSeconds: number }> {
	const figures: Record<string, { count: number; worstSeconds: number }> = {};
	for (const { category, seconds } of timings) {
		const f = (figures[category] ??= { count: 0, worstSeconds: 0 });
		f.count++;
		f.worstSeconds = Math.max(f.worstSeconds, Math.round(seconds * 100) / 100);
	}
	return figures;
}
