/* eslint-disable @n8n/community-nodes/no-restricted-imports -- not shipped: n8n's rules for node code */
/**
 * Time growth of a parser over input size, for the scaling suites (DESIGN.md revision 10): a linear parser takes
 * about 10 × as long on 10 × the input; a quadratic one 100 ×. The suites assert the ratio between sizes, never a
 * wall-clock time, so they hold on a slow or busy machine.
 */
import { performance } from 'node:perf_hooks';

export const SIZES = [10_000, 100_000, 1_000_000] as const;

/** Largest accepted time ratio between two sizes 10 × apart (linear ≈ 10, quadratic ≈ 100). */
export const MAX_RATIO = 30;

/**
 * Times below this are all "too fast to compare" (timer resolution, a garbage collection, JIT warm-up): a ratio
 * is taken against at least this much.
 */
export const FLOOR_MS = 2;

/** A linear parser is far below this at 100 KB; a quadratic one is over it, and 1 MB would take minutes. */
export const GIVE_UP_MS = 3_000;

export interface Growth {
	/** Fastest time per size, milliseconds. */
	ms: Record<number, number>;
	/** ms(100 KB) / ms(10 KB) and ms(1 MB) / ms(100 KB), each against at least FLOOR_MS. */
	ratios: number[];
	/** Set when 100 KB already took longer than GIVE_UP_MS, so 1 MB was not tried. */
	gaveUp: boolean;
}

function ratiosOf(ms: Record<number, number>): number[] {
	return [ms[100_000] / Math.max(ms[10_000], FLOOR_MS), ms[1_000_000] / Math.max(ms[100_000], FLOOR_MS)];
}

/** Measurements on a shared 2-core machine are noisy: a ratio that fails is measured again, up to this often. */
const ATTEMPTS = 3;

/**
 * Times `run(make(size))` at 10 KB, 100 KB and 1 MB (inputs are built once, outside the timing), keeping the
 * fastest time per size. When a ratio is over MAX_RATIO, all sizes are measured again (another process or a
 * garbage collection may have taken the time); a super-linear parser fails every attempt.
 */
export async function measureGrowthAsync<T>(make: (size: number) => T, run: (input: T) => unknown): Promise<Growth> {
	const ms: Record<number, number> = { 10_000: Infinity, 100_000: Infinity, 1_000_000: Infinity };
	const inputs = new Map<number, T>();
	const time = async (size: number, repeat: number): Promise<void> => {
		if (!inputs.has(size)) inputs.set(size, make(size));
		const input = inputs.get(size) as T;
		for (let i = 0; i < repeat; i += 1) {
			const start = performance.now();
			await run(input);
			ms[size] = Math.min(ms[size], performance.now() - start);
			if (ms[size] > GIVE_UP_MS) return;
		}
	};
	for (let i = 0; i < 3; i += 1) await run(make(1_000)); // warm-up: JIT and lazy initialisation
	for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
		await time(10_000, 5);
		await time(100_000, 5);
		if (ms[100_000] > GIVE_UP_MS) return { ms, ratios: [ratiosOf(ms)[0], Infinity], gaveUp: true };
		await time(1_000_000, 3);
		if (ratiosOf(ms).every((ratio) => ratio < MAX_RATIO)) break;
	}
	return { ms, ratios: ratiosOf(ms), gaveUp: false };
}

/** measureGrowthAsync for a synchronous parser. */
export const measureGrowth = measureGrowthAsync;

/** `text` repeated to `size` characters (cut at the end). */
export const fill = (text: string, size: number): string => text.repeat(Math.ceil(size / text.length)).slice(0, size);

/** Measurements of this run, printed at the end of the suite for the README (what was measured, worst at 1 MB). */
export const measured: Array<{ parser: string; input: string; ms: Record<number, number> }> = [];
