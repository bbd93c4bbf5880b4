import { readFileSync, readdirSync, writeFileSync } from 'node:fs';

/** A process's peak RSS in MB (VmHWM), or NaN once it is gone. */
export function peakRssMb(pid: number): number {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** Current RSS in MB (VmRSS), or NaN. */
export function rssMb(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/**
 * Resets a long-lived process's peak RSS (Linux: `5` > clear_refs), so the
 * server's peak can be read per phase. Returns false where that is refused;
 * callers then fall back to the highest sampled VmRSS.
 */
export function resetPeakRss(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

/** Samples a process's RSS every `everyMs`; `stop()` returns the highest seen (MB). */
export function sampleRss(pid: number, everyMs = 100): { stop(): number } {
  let highest = rssMb(pid);
  const timer = setInterval(() => {
    const now = rssMb(pid);
    if (now > highest || !Number.isFinite(highest)) highest = now;
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      const now = rssMb(pid);
      return Number.isFinite(now) ? Math.max(highest, now) : highest;
    },
  };
}

/**
 * The highest peak RSS (VmHWM, MB) among Chromium's renderer processes now
 * running: a page's, with its workers, which run in its renderer. Read
 * before the browser closes; NaN when there is none.
 */
export function rendererPeakRssMb(): number {
  let highest = Number.NaN;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let cmdline: string;
    try {
      cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
    } catch {
      continue;
    }
    if (!cmdline.includes('--type=renderer')) continue;
    const peak = peakRssMb(Number(entry));
    if (!(peak <= highest)) highest = peak;
  }
  return highest;
}
