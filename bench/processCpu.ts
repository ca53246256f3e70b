/* eslint-disable @n8n/community-nodes/no-restricted-imports -- not shipped: n8n's rules for node code */
/** CPU time a process (all its threads) has used, from /proc (Linux): the cost per lookup beside the latency. */
import { readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100;

/** User + system CPU milliseconds of the process so far, or NaN where /proc is not available. */
export function processCpuMs(pid: number | undefined): number {
	if (pid === undefined) return NaN;
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		// Fields after the command name (which may contain spaces) start at ") ".
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		const utime = Number(fields[11]);
		const stime = Number(fields[12]);
		return ((utime + stime) * 1000) / TICKS_PER_SECOND;
	} catch {
		return NaN;
	}
}
