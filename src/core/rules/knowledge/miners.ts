// What miners look like: binary names, pool hosts, pool ports, algorithms, images and wallet shapes, as data.
// Seeded from Falco/Tracee/Sigma lists and campaign reports (shared/notes/campaigns.md); pool-only, no exchanges.

/** Miner executables (basename, lower case). Kinsing's agent and miner are included. */
export const MINER_BINARIES: readonly string[] = [
  'xmrig', 'xmrig-notls', 'xmrig-cuda', 'xmrig-amd', 'xmr-stak', 'xmr-stak-cpu', 'xmr-stak-rx', 'xmrigdaemon', 'xmrigminer',
  'minerd', 'minergate', 'minergate-cli', 'cpuminer', 'cpuminer-multi', 'cpuminer-opt', 'ccminer', 'cgminer', 'bfgminer',
  'sgminer', 'ethminer', 'claymore', 'nbminer', 't-rex', 'gminer', 'lolminer', 'phoenixminer', 'teamredminer',
  'nanominer', 'bminer', 'wildrig', 'wildrig-multi', 'srbminer', 'srbminer-multi', 'xmrminer', 'kdevtmpfsi',
  'kinsing', 'dero-miner', 'dero-miner-linux-amd64', 'derominer', 'hellminer', 'cryptonight', 'moneroocean', 'xmr',
  'xmrig-proxy', 'nheqminer', 'bzminer', 'rigel', 'onezerominer', 'damominer', 'verthashminer', 'cpuminer-gr',
  'cpuminer-avx2', 'cpuminer-sse2', 'cpuminer-aes-sse42', 'xmrig-mo',
];

/** Matches a binary basename that is a miner, also versioned names like `xmrig-6.21.0` or `xmrig.bin`. */
export const MINER_BINARY_RE = new RegExp(
  `^(?:${MINER_BINARIES.map((b) => b.replace(/[-.]/g, '\\$&')).join('|')})(?:[-_.]v?\\d[\\w.-]*|[-_.](?:linux|static|x64|x86_64|amd64|notls|cuda|opencl)[\\w.-]*|\\.(?:bin|exe|elf|x86_64|amd64))?$`);

/** Kernel-thread and daemon lookalikes miners run as (kernel threads never show in a container's top). */
export const MASQUERADE_NAMES: readonly RegExp[] = [
  /^\[?kswapd\d+\]?$/, /^\[?kworker[^\s]*\]?$/, /^\[?kthreadd\.?\]?$/, /^kthreaddk$/, /^\[?ksoftirqd[^\s]*\]?$/,
  /^\[?migration\/\d+\]?$/, /^kdevtmpfsi$/, /^kinsing$/, /^\.?dbused$/, /^sysupdate$/, /^networkservice$/, /^watchbog$/,
  /^\[?khugepageds\]?$/, /^solr\.sh$/,
];

/** Mining pool domains (suffix match). Pool-only: no exchanges, no wallet sites. */
export const POOL_DOMAINS: readonly string[] = [
  'supportxmr.com', 'nanopool.org', 'minexmr.com', '2miners.com', 'hashvault.pro', 'moneroocean.stream',
  'herominers.com', 'f2pool.com', 'unmineable.com', 'c3pool.com', 'c3pool.org', 'xmrpool.eu', 'xmrpool.net',
  'moneropool.com', 'minergate.com', 'crypto-pool.fr', 'p2pool.io', 'nicehash.com', 'ethermine.org', 'dwarfpool.com',
  'viabtc.com', 'antpool.com', 'kryptex.network', 'zergpool.com', 'zpool.ca', 'mining-dutch.nl', 'monerohash.com',
  'xmrfast.com', 'skypool.org', 'bohemianpool.com', 'miningpoolhub.com', 'slushpool.com', 'flypool.org',
  'prohashing.com', 'woolypooly.com', 'sparkpool.com', 'dxpool.net', 'nicehash.net', 'minermore.com', 'monerod.org',
  'pool.hashvault.pro', 'xmr.pool.gntl.co.uk', 'miningocean.org', 'rplant.xyz', 'zephyr.herominers.com',
];

/** Ports pools listen on (Falco miner_ports + Tracee XPAV). Weak alone: web and dev servers use them too. */
export const MINER_PORTS: ReadonlySet<number> = new Set([
  3333, 3334, 3335, 3336, 3357, 4444, 5555, 5556, 5588, 5730, 6099, 6666, 7777, 7778, 8008, 8118, 8333, 8888, 8899,
  9332, 9999, 10001, 10128, 10300, 10343, 13333, 14433, 14444, 15555, 20580, 45560, 45700,
]);

/** Mining algorithm names as given to -a/--algo. */
export const MINER_ALGO_RE = /^(?:rx\/\w+|randomx|random-x|cn(?:-\w+)?(?:\/\w+)?|cryptonight[\w/-]*|argon2\/?\w*|astrobwt[\w/]*|ghostrider|kawpow|ethash|etchash|autolykos2?|yescrypt\w*|scrypt|sha256d|x16r\w*|panthera|gr|rx)$/i;

/** Image references known from campaigns (repository, with or without tag). */
export const CAMPAIGN_IMAGES: readonly RegExp[] = [
  /^(?:docker\.io\/)?pocosow\/centos(?::|$)/, /^(?:docker\.io\/)?gakeaws\/nginx(?::|$)/, /^(?:docker\.io\/)?zoolu2\//,
  /(?:^|\/)oracleiv_latest(?::|$)/, /^(?:docker\.io\/)?ohldm\/nginx(?::|$)/, /^(?:docker\.io\/)?alpine2(?::|$)/,
  /^(?:docker\.io\/)?[^/]+\/alpine2(?::|$)/,
];

/** Image name tokens that name a miner outright (critical) and generic mining words (weaker). */
export const MINER_IMAGE_TOKENS_STRONG = new Set(['xmrig', 'xmr-stak', 'xmrstak', 'cpuminer', 'minerd', 'kinsing',
  'kdevtmpfsi', 'ccminer', 'cgminer', 'bfgminer', 'srbminer', 'lolminer', 'nbminer', 'ethminer', 'teamredminer',
  'phoenixminer', 'xmrminer', 'cryptominer', 'coinminer', 'monerominer', 'derominer', 'minergate', 'gminer', 'nanominer',
  'nheqminer', 'bzminer', 'hellminer', 't-rex', 'xmrig-proxy', 'kdevtmpfs']);
export const MINER_IMAGE_TOKENS_WEAK = new Set(['miner', 'mining', 'monero', 'xmr', 'cryptonight', 'randomx', 'nicehash',
  'stratum-proxy', 'dero']);

/** Monero standard/subaddress (95) and integrated (106) addresses; Dero; BTC bech32; ETH. */
export const WALLET_PATTERNS: readonly { readonly coin: string; readonly re: RegExp }[] = [
  { coin: 'xmr-integrated', re: /(?<![0-9A-Za-z])4[0-9AB][1-9A-HJ-NP-Za-km-z]{104}(?![0-9A-Za-z])/g },
  { coin: 'xmr', re: /(?<![0-9A-Za-z])[48][0-9AB][1-9A-HJ-NP-Za-km-z]{93}(?![0-9A-Za-z])/g },
  { coin: 'dero', re: /(?<![0-9A-Za-z])deroi?1[02-9ac-hj-np-z]{50,120}(?![0-9A-Za-z])/g },
  { coin: 'btc', re: /(?<![0-9A-Za-z])bc1[02-9ac-hj-np-z]{25,87}(?![0-9A-Za-z])/g },
  { coin: 'eth', re: /(?<![0-9A-Za-z])0x[0-9a-fA-F]{40}(?![0-9A-Za-z])/g },
];

/** True when `host` is, or is under, a known pool domain. */
export function isPoolHost(host: string): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  return POOL_DOMAINS.some((d) => h === d || h.endsWith(`.${d}`));
}

/** Host names that look like a pool by convention (`pool.x`, `xmr.x`, `stratum.x`, `mine.x`) — weak. */
export function looksLikePoolHost(host: string): boolean {
  return /^(?:[\w-]+\.)*(?:pool|xmr|xmr-\w+|stratum|mine|mining|rx|monero|dero)[\w-]*\./i.test(host) || isPoolHost(host);
}
