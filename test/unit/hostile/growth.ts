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

function fastest(run: () => void, repeat: number): number {
	let best = Infinity;
	for (let i = 0; i < repeat; i += 1) {
		const start = performance.now();
		run();
		best = Math.min(best, performance.now() - start);
		if (best > GIVE_UP_MS) break;
	}
	return best;
}

/** Times `run(make(size))` at 10 KB, 100 KB and 1 MB (inputs are built outside the timing). */
export function measureGrowth<T>(make: (size: number) => T, run: (input: T) => unknown): Growth {
	const ms: Record<number, number> = {};
	fastest(() => run(make(1_000)), 3); // warm-up: JIT and lazy initialisation
	for (const size of SIZES) {
		const input = make(size);
		ms[size] = fastest(() => run(input), size >= 1_000_000 ? 3 : 5);
		if (size === 100_000 && ms[size] > GIVE_UP_MS) {
			return { ms, ratios: [ms[100_000] / Math.max(ms[10_000], FLOOR_MS), Infinity], gaveUp: true };
		}
	}
	return {
		ms,
		ratios: [ms[100_000] / Math.max(ms[10_000], FLOOR_MS), ms[1_000_000] / Math.max(ms[100_000], FLOOR_MS)],
		gaveUp: false,
	};
}

/** `text` repeated to `size` characters (cut at the end). */
export const fill = (text: string, size: number): string => text.repeat(Math.ceil(size / text.length)).slice(0, size);

/** Measurements of this run, printed at the end of the suite for the README (what was measured, worst at 1 MB). */
export const measured: Array<{ parser: string; input: string; ms: Record<number, number> }> = [];

async function fastestAsync(run: () => Promise<unknown>, repeat: number): Promise<number> {
	let best = Infinity;
	for (let i = 0; i < repeat; i += 1) {
		const start = performance.now();
		await run();
		best = Math.min(best, performance.now() - start);
		if (best > GIVE_UP_MS) break;
	}
	return best;
}

/** measureGrowth for an async run (a webhook() call). */
export async function measureGrowthAsync<T>(make: (size: number) => T, run: (input: T) => Promise<unknown>): Promise<Growth> {
	const ms: Record<number, number> = {};
	await fastestAsync(() => run(make(1_000)), 3);
	for (const size of SIZES) {
		const input = make(size);
		ms[size] = await fastestAsync(() => run(input), size >= 1_000_000 ? 3 : 5);
		if (size === 100_000 && ms[size] > GIVE_UP_MS) {
			return { ms, ratios: [ms[100_000] / Math.max(ms[10_000], FLOOR_MS), Infinity], gaveUp: true };
		}
	}
	return {
		ms,
		ratios: [ms[100_000] / Math.max(ms[10_000], FLOOR_MS), ms[1_000_000] / Math.max(ms[100_000], FLOOR_MS)],
		gaveUp: false,
	};
}
