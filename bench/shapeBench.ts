/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, no-console -- not shipped: n8n's rules for node code */
/**
 * Micro-benchmark: validating and shaping one full Insights answer (contact, company, 6 activity types × 10),
 * as Respond to M8Com Lookup does for every lookup, on the built package (dist/, the code n8n runs).
 * Run alone with `npx tsx bench/shapeBench.ts` after `npm run build`.
 */
import { join } from 'node:path';

import { fullInsightsInput } from './fixture';
import { median } from './load';

type ShapeModule = typeof import('../nodes/M8ComLookup/shapeInsights');
type AnswersModule = typeof import('../nodes/M8ComLookup/lookupAnswers');

export interface ShapeBenchResult {
	/** shapeInsights(): validation against the zod schema of the spec, limits, sorting, timestamp conversion. */
	shape: { msPerOp: number; opsPerSecond: number };
	/** The same plus turning the answer into the Buffer that is sent (JSON.stringify of ~23 kB). */
	shapeAndSerialize: { msPerOp: number; opsPerSecond: number };
	answerBytes: number;
	activities: number;
}

function timeIt(run: () => void, iterations: number, samples: number): { msPerOp: number; opsPerSecond: number } {
	for (let i = 0; i < iterations; i++) run();
	const perOp: number[] = [];
	for (let s = 0; s < samples; s++) {
		const started = process.hrtime.bigint();
		for (let i = 0; i < iterations; i++) run();
		perOp.push(Number(process.hrtime.bigint() - started) / 1e6 / iterations);
	}
	const msPerOp = median(perOp);
	return { msPerOp, opsPerSecond: 1000 / msPerOp };
}

export function runShapeBench(distDir = join(__dirname, '../dist'), iterations = 2000, samples = 9): ShapeBenchResult {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { shapeInsights } = require(join(distDir, 'nodes/M8ComLookup/shapeInsights.js')) as ShapeModule;
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { contactAnswer } = require(join(distDir, 'nodes/M8ComLookup/lookupAnswers.js')) as AnswersModule;
	const input = fullInsightsInput();
	const once = shapeInsights(input);
	if (!once.insights || once.warnings.length > 0) throw new Error('The benchmark answer did not shape cleanly');
	return {
		shape: timeIt(() => shapeInsights(input), iterations, samples),
		shapeAndSerialize: timeIt(() => contactAnswer(shapeInsights(input).insights!), iterations, samples),
		answerBytes: contactAnswer(once.insights).body.length,
		activities: once.insights.activities?.length ?? 0,
	};
}

if (require.main === module) {
	const result = runShapeBench();
	console.log(
		`Validate + shape one full Insights answer (${result.activities} activities, ${result.answerBytes} bytes): ` +
			`${(result.shape.msPerOp * 1000).toFixed(0)} µs/op, ${Math.round(result.shape.opsPerSecond)} ops/s; ` +
			`with serialising: ${(result.shapeAndSerialize.msPerOp * 1000).toFixed(0)} µs/op, ${Math.round(result.shapeAndSerialize.opsPerSecond)} ops/s`,
	);
}
