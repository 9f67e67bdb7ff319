import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The booth's own network namespace, inside the test namespace (scripts/netns.sh): a veth pair
 * `fb0` (10.78.0.1/24, test side) ↔ `fb1` (10.78.0.2/24, booth side, default route via fb0). The
 * servers (app, livekit-server) are reached at the test namespace's address (10.77.0.1) through it,
 * so a fault on this pair is what a booth meets: a cut cable (every packet dropped, both ways, no
 * error to either side) or a poor line (rate, loss) — nftables and tbf, as a real line fails.
 * Chromium runs there through a wrapper that enters the namespace; Playwright still drives it over
 * its pipe, which no fault touches.
 */
export interface BoothNetns {
  /** Address the booth reaches the servers at. */
  serverIp: string;
  /** Executable for Playwright's `executablePath`: Chromium inside the booth's namespace. */
  chromium: string;
  cut(): void;
  restore(): void;
  /** A poor line: `rateKbit` each way (tbf), `lossPercent` of packets dropped each way (nftables). */
  shape(line: { rateKbit?: number; lossPercent?: number }): void;
  close(): void;
}

const OUTER = 'fb0';
const INNER = 'fb1';

function run(cmd: string, args: string[]) {
  execFileSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
}

export function createBoothNetns(options: { serverIp: string; dir: string; chromium: string }): BoothNetns {
  // A process holding the namespace for the run; nsenter reaches it by its pid.
  const holder: ChildProcess = spawn('unshare', ['--net', 'sleep', 'infinity'], { stdio: 'ignore' });
  const pid = holder.pid;
  if (!pid) throw new Error('could not create the booth network namespace');
  const inside = (args: string[]) => run('nsenter', [`--net=/proc/${pid}/ns/net`, ...args]);
  // unshare has to have switched namespace before the link moves into it.
  for (let i = 0; i < 50; i++) {
    try {
      const own = execFileSync('readlink', [`/proc/self/ns/net`]).toString().trim();
      const its = execFileSync('readlink', [`/proc/${pid}/ns/net`])
        .toString()
        .trim();
      if (own !== its) break;
    } catch {
      /* not yet */
    }
    execFileSync('sleep', ['0.05']);
  }
  run('ip', ['link', 'add', OUTER, 'type', 'veth', 'peer', 'name', INNER]);
  run('ip', ['link', 'set', INNER, 'netns', String(pid)]);
  run('ip', ['addr', 'add', '10.78.0.1/24', 'dev', OUTER]);
  run('ip', ['link', 'set', OUTER, 'up']);
  inside(['ip', 'link', 'set', 'lo', 'up']);
  inside(['ip', 'addr', 'add', '10.78.0.2/24', 'dev', INNER]);
  inside(['ip', 'link', 'set', INNER, 'up']);
  inside(['ip', 'route', 'add', 'default', 'via', '10.78.0.1']);

  const chromium = path.join(options.dir, 'chromium-in-booth-netns.sh');
  writeFileSync(chromium, `#!/bin/sh\nexec nsenter --net=/proc/${pid}/ns/net ${options.chromium} "$@"\n`);
  chmodSync(chromium, 0o755);

  // The line's faults live in the booth's namespace: an nftables table dropping packets on fb1 both
  // ways (all of them: a cut; a share of them: loss), and tbf thinning fb1's and fb0's egress (rate).
  const nft = (rules: string) => {
    const file = path.join(options.dir, 'booth-line.nft');
    writeFileSync(file, rules);
    inside(['nft', '-f', file]);
  };
  const table = (drop: string | null) => {
    const rule = (dir: string) => (drop === null ? '' : `    ${dir} "${INNER}" ${drop} drop\n`);
    return [
      'table inet booth_line',
      'delete table inet booth_line',
      'table inet booth_line {',
      '  chain in {',
      '    type filter hook input priority 0; policy accept;',
      rule('iifname') + '  }',
      '  chain out {',
      '    type filter hook output priority 0; policy accept;',
      rule('oifname') + '  }',
      '}',
      '',
    ].join('\n');
  };
  const rate = (kbit: number | null) => {
    for (const prefix of [[] as string[], ['nsenter', `--net=/proc/${pid}/ns/net`]]) {
      const dev = prefix.length ? INNER : OUTER;
      const args = kbit
        ? ['tc', 'qdisc', 'replace', 'dev', dev, 'root', 'tbf', 'rate', `${kbit}kbit`, 'burst', '16kbit', 'latency', '400ms']
        : ['tc', 'qdisc', 'del', 'dev', dev, 'root'];
      const [cmd, ...rest] = [...prefix, ...args];
      try {
        run(cmd!, rest);
      } catch (error) {
        // Deleting a qdisc that is not there is fine.
        if (kbit) throw error;
      }
    }
  };
  nft(table(null));
  return {
    serverIp: options.serverIp,
    chromium,
    cut: () => nft(table('')),
    restore: () => {
      nft(table(null));
      rate(null);
    },
    shape: ({ rateKbit, lossPercent }) => {
      nft(table(lossPercent ? `numgen random mod 100 < ${Math.round(lossPercent)}` : null));
      rate(rateKbit ?? null);
    },
    close: () => {
      try {
        run('ip', ['link', 'del', OUTER]);
      } catch {
        /* gone with the namespace */
      }
      holder.kill('SIGKILL');
    },
  };
}
