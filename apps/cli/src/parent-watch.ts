import { readFileSync } from 'node:fs';

/** The parent of `pid` and its command line, from /proc (Linux); null elsewhere or when it is gone. */
function procInfo(pid: number): { ppid: number; cmdline: string } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (comm) state ppid …": comm may hold spaces and parentheses, so read after the last ")".
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
    return Number.isInteger(ppid) ? { ppid, cmdline } : null;
  } catch {
    return null;
  }
}

/**
 * The processes between this one and the npm that started it (npm, the shell it runs the command
 * in, scripts/start.mjs), nearest first. Without /proc only the direct parent is known.
 */
export function npmAncestors(self = process.pid, parent = process.ppid): number[] {
  const chain: number[] = [];
  let pid = parent;
  for (let i = 0; i < 6 && pid > 1; i++) {
    chain.push(pid);
    const info = procInfo(pid);
    if (!info) return chain.length ? chain : [parent];
    if (/(^|\/)npm(-cli\.js)?\b|npx|npm exec|npm run/.test(info.cmdline)) return chain;
    if (pid === self) break;
    pid = info.ppid;
  }
  return chain;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * Calls `onGone` once when any of `pids` exits (or this process is re-parented): npm ends on a
 * SIGTERM without passing it on, which would otherwise leave the server running with nobody to
 * stop it. Checked every `intervalMs`; the timer does not keep the process alive.
 */
export function watchAncestors(pids: number[], onGone: (pid: number) => void, intervalMs = 1000) {
  const parent = process.ppid;
  const timer = setInterval(() => {
    const gone = process.ppid !== parent ? parent : pids.find((p) => !alive(p));
    if (gone === undefined) return;
    clearInterval(timer);
    onGone(gone);
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
