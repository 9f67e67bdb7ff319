import { buildLiveKitConfig, type LiveKitRuntimeOptions } from './config';

type Yaml = Record<string, unknown>;

/** The ports one livekit-server of a cluster listens on (each distinct from the other nodes' on the same host). */
export interface LiveKitNodePorts {
  /** Signalling (WebSocket) and the RoomService API; answers "OK" on GET /. */
  http: number;
  /** ICE over TCP (`rtc.tcp_port`): reached by clients directly, never through a load balancer. */
  rtcTcp: number;
  /** All WebRTC UDP muxed on one port (`rtc.udp_port`): reached by clients directly. */
  rtcUdp: number;
  /** LiveKit's own Prometheus endpoint (`prometheus.port`, GET /metrics). */
  prometheus: number;
}

export interface LiveKitClusterNode {
  ports: LiveKitNodePorts;
  /** Address this node advertises for WebRTC; unset: the machine's own (as `npm start`). */
  nodeIp?: string;
}

export interface LiveKitClusterOptions extends Omit<LiveKitRuntimeOptions, 'nodeIp'> {
  /** host:port of the Redis every node shares: rooms, nodes and signal relay (LiveKit's multi-node mode). */
  redisAddress: string;
  /** Where every node delivers its webhooks: the app's load balancer, so any live app node gets them. */
  webhookUrl: string;
  nodes: readonly LiveKitClusterNode[];
}

/**
 * How long livekit-server 1.13.5 waits for the node hosting a room to take a join it relays there
 * (over Redis) before that try fails: psrpc's DefaultClientTimeout, which its signal relay client
 * uses (no config key sets it; the `psrpc` block configures other clients).
 */
export const LIVEKIT_RELAY_TRY_MS = 3_000;

/**
 * livekit-server's own retries of a join (`signal_relay.connect_attempts`, default 3, each try up to
 * LIVEKIT_RELAY_TRY_MS for a node that died and is not yet counted dead): one. With three, a join
 * the client had given up on (after its 4 s limit, call-reconnect.ts) was still tried 6 s in,
 * reached the room on its new node and threw out the same client's newer connection there.
 */
export const LIVEKIT_SIGNAL_CONNECT_ATTEMPTS = 1;

const HOST_PORT = /^(?:\[[0-9a-f:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/i;

function checkPort(port: number, what: string) {
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`${what} must be a port number (1–65535), not ${port}.`);
}

/**
 * The config of each livekit-server of a cluster, derived from the one single-node config
 * (livekit.yaml through buildLiveKitConfig, so the same keys, room rules and webhook signing):
 * every node on the same Redis, which is what turns LiveKit's multi-node mode on; its own
 * signalling, ICE/TCP, UDP and Prometheus ports; its own node_ip when given. Nodes that share an
 * address (one host) must not share a port: refused here rather than as a bind error at start.
 */
export function buildLiveKitClusterConfigs(options: LiveKitClusterOptions): Yaml[] {
  const { redisAddress, nodes, ...single } = options;
  const redisPort = HOST_PORT.exec(redisAddress)?.[1];
  if (!redisPort) throw new Error(`redisAddress must be host:port, not "${redisAddress}".`);
  checkPort(Number(redisPort), 'The Redis port');
  if (nodes.length === 0) throw new Error('A LiveKit cluster needs at least one node.');

  const taken = new Map<string, number>();
  nodes.forEach((node, index) => {
    for (const [name, port] of Object.entries(node.ports)) {
      checkPort(port, `Node ${index + 1}'s ${name} port`);
      const key = `${node.nodeIp ?? 'this host'}:${port}`;
      const other = taken.get(key);
      if (other !== undefined) {
        throw new Error(`Port ${port} is used twice on ${node.nodeIp ?? 'this host'} (nodes ${other + 1} and ${index + 1}).`);
      }
      taken.set(key, index);
    }
  });

  return nodes.map((node) => {
    const config = buildLiveKitConfig({
      ...single,
      ...(node.nodeIp ? { nodeIp: node.nodeIp } : {}),
      overrides: {
        ...single.overrides,
        port: node.ports.http,
        redis: { address: redisAddress },
        signal_relay: {
          ...(isObject(single.overrides?.signal_relay) ? single.overrides.signal_relay : {}),
          connect_attempts: LIVEKIT_SIGNAL_CONNECT_ATTEMPTS,
        },
        // `prometheus_port` is the deprecated spelling (v1.13 warns and copies it here).
        prometheus: { port: node.ports.prometheus },
        rtc: {
          ...(isObject(single.overrides?.rtc) ? single.overrides.rtc : {}),
          tcp_port: node.ports.rtcTcp,
          udp_port: node.ports.rtcUdp,
        },
      },
    });
    const rtc = config.rtc as Yaml;
    // A port range in livekit.yaml would take precedence over udp_port and be the same on every node.
    if (rtc.port_range_start !== undefined || rtc.port_range_end !== undefined) {
      throw new Error('livekit.yaml sets rtc.port_range_*: a cluster gives each node its own rtc.udp_port instead.');
    }
    return config;
  });
}

function isObject(value: unknown): value is Yaml {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
