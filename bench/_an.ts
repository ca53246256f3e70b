import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { summarizeProfile } from './cpuProfile';
const dir = process.argv[2]; const variant = process.argv[3];
const file = readdirSync(dir).filter((n) => n.endsWith('.cpuprofile')).map((n) => join(dir, n)).sort((a, b) => readFileSync(b).length - readFileSync(a).length)[0];
const s = summarizeProfile(file, JSON.parse(readFileSync(join(dir, 'windows.json'), 'utf8')));
const v = s[variant];
console.log(variant, v.requests, v.busyMsPerRequest.toFixed(2));
for (const [k, ms] of Object.entries(v.functions).slice(0, Number(process.argv[4] ?? 45))) console.log(ms.toFixed(2).padStart(7), k);
