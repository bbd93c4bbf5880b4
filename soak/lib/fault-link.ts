import { startProxy } from '@clinicsync/testing/proxy';
import type { ProxiedRequest, ProxyAction, TestProxy } from '@clinicsync/testing/proxy';
import type { Random } from './random.js';

/** The faults a link injects between a device and the server. */
export const faultKinds = [
  'request_dropped',
  'answer_lost',
  'pull_cut_mid_answer',
  'error_500',
  'throttled_429',
] as const;
export type FaultKind = (typeof faultKinds)[number];
export type FaultCounts = Record<FaultKind, number>;

export function noFaults(): FaultCounts {
  return Object.fromEntries(faultKinds.map((k) => [k, 0])) as FaultCounts;
}

/** Switches shared by every link: faults on or off, and a hook for the server-kill plan. */
export interface LinkControl {
  faultsOn: boolean;
  /** Share of requests that meet a fault while faults are on. */
  readonly faultRate: number;
  /** Called with the server's URL as a push is passed on to it (the moment a kill hurts most). */
  onPushForwarded: ((serverUrl: string) => void) | undefined;
}

/** One device's connection to the server, through a proxy that injects faults. */
export interface FaultLink {
  readonly url: string;
  readonly faults: FaultCounts;
  /** Pull answers actually cut mid-stream (a cut past the end of a short answer cuts nothing). */
  cutsTakingEffect(): number;
  close(): Promise<void>;
}

const errorBody = (code: string, message: string) =>
  JSON.stringify({ error: { code, message, details: null } });

const pushFaults: readonly FaultKind[] = [
  'request_dropped',
  'answer_lost',
  'error_500',
  'throttled_429',
];

function decide(kind: FaultKind, random: Random): ProxyAction {
  switch (kind) {
    case 'request_dropped':
      return { drop: true };
    case 'answer_lost':
      // The server has done the work (a push is committed); its answer never arrives.
      return { forward: true, cutAfterBytes: 0 };
    case 'pull_cut_mid_answer':
      // Answers are compressed and mostly small: cut early as often as late.
      return {
        forward: true,
        cutAfterBytes: random.int(1, random.pick([100, 1000, 10_000, 100_000])),
      };
    case 'error_500':
      return { status: 500, body: errorBody('internal', 'Injected by the soak.') };
    case 'throttled_429':
      return {
        status: 429,
        headers: { 'retry-after': String(random.int(0, 1)) },
        body: errorBody('too_many_requests', 'Injected by the soak.'),
      };
  }
}

/** Starts a link to `serverUrl` whose faults are drawn from `random`. */
export async function startFaultLink(
  serverUrl: string,
  random: Random,
  control: LinkControl,
): Promise<FaultLink> {
  const faults = noFaults();
  const cutRequests = new Set<ProxiedRequest>();
  const proxy: TestProxy = await startProxy(serverUrl, (request) => {
    // The proxy keeps every request for tests that inspect them; a soak does not.
    proxy.requests.length = 0;
    const isPush = request.method === 'POST';
    let action: ProxyAction | undefined;
    if (control.faultsOn && random.chance(control.faultRate)) {
      const kind = random.pick(isPush ? pushFaults : faultKinds);
      faults[kind]++;
      action = decide(kind, random);
      if (kind === 'pull_cut_mid_answer') cutRequests.add(request);
    }
    if (isPush && (action === undefined || 'forward' in action))
      control.onPushForwarded?.(serverUrl);
    return action;
  });
  return {
    url: proxy.url,
    faults,
    cutsTakingEffect: () => proxy.cuts.filter((r) => cutRequests.has(r)).length,
    async close() {
      await proxy.close();
    },
  };
}
