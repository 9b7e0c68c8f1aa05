const ROUND_CONSTANTS = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
  0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
  0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
  0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
  0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
  0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
  0xc67178f2,
]);
const INITIAL_STATE = [
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
];
const encoder = new TextEncoder();
/** Message schedule, reused across calls (the function never yields, so one buffer is enough). */
const schedule = new Uint32Array(64);

/**
 * SHA-256 (FIPS 180-4) of the UTF-8 bytes of `text`, as lowercase hex, computed synchronously in plain
 * TypeScript. Same answer as {@link sha256Hex} (a property test holds them equal), without Web Crypto's
 * cost: `crypto.subtle.digest` is asynchronous, so each call schedules a job on the thread pool and
 * resolves a promise, which for a 44-character API key costs many times the hash itself. The per-request
 * key check (§3.5) hashes on every agent call, so it uses this; it never fails. Under Node (≥ 20.16) it
 * uses Node's native one-shot `crypto.hash` (for an API key ~0.5 µs instead of ~5 µs for the portable
 * code); elsewhere {@link sha256HexPortable}. Both give the same digest of the same UTF-8 bytes (a lone
 * surrogate is encoded as U+FFFD by both).
 *
 * @example
 * sha256HexSync("abc"); // "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
 */
export function sha256HexSync(text: string): string {
  return nodeHash === null ? sha256HexPortable(text) : nodeHash("sha256", text, "hex");
}

/** `node:crypto`'s one-shot `hash` (UTF-8 encodes a string argument). */
type NodeHash = (algorithm: "sha256", data: string, outputEncoding: "hex") => string;

/**
 * Node's native one-shot `crypto.hash`, when the runtime offers it synchronously
 * (`process.getBuiltinModule`, Node ≥ 20.16), else null (browsers, older Node): no import, so the
 * browser bundle is unchanged.
 */
const nodeHash: NodeHash | null = (() => {
  try {
    const runtime = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
    const crypto = runtime?.getBuiltinModule?.("node:crypto") as { hash?: unknown } | undefined;
    return typeof crypto?.hash === "function" ? (crypto.hash as NodeHash) : null;
  } catch {
    return null;
  }
})();

/**
 * The plain TypeScript SHA-256 behind {@link sha256HexSync} where Node's native hash is unavailable
 * (exported for its tests, which hold it equal to Web Crypto wherever they run).
 *
 * @example
 * sha256HexPortable("abc"); // "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
 */
export function sha256HexPortable(text: string): string {
  const message = encoder.encode(text);
  const bitLength = message.length * 8;
  // Message, the 0x80 byte, zero padding, then the 64-bit big-endian length: a multiple of 64 bytes.
  const blocks = Math.ceil((message.length + 9) / 64);
  const padded = new Uint8Array(blocks * 64);
  padded.set(message);
  padded[message.length] = 0x80;
  const view = new DataView(padded.buffer);
  view.setUint32(padded.length - 8, Math.floor(bitLength / 0x100000000));
  view.setUint32(padded.length - 4, bitLength >>> 0);

  let [h0, h1, h2, h3, h4, h5, h6, h7] = INITIAL_STATE as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const w = schedule;
  const k = ROUND_CONSTANTS;
  for (let offset = 0; offset < padded.length; offset += 64) {
    for (let index = 0; index < 16; index++) w[index] = view.getUint32(offset + index * 4);
    for (let index = 16; index < 64; index++) {
      const w15 = w[index - 15] as number;
      const w2 = w[index - 2] as number;
      const s0 = ((w15 >>> 7) | (w15 << 25)) ^ ((w15 >>> 18) | (w15 << 14)) ^ (w15 >>> 3);
      const s1 = ((w2 >>> 17) | (w2 << 15)) ^ ((w2 >>> 19) | (w2 << 13)) ^ (w2 >>> 10);
      w[index] = ((w[index - 16] as number) + s0 + (w[index - 7] as number) + s1) | 0;
    }
    let a = h0;
    let b = h1;
    let c = h2;
    let d = h3;
    let e = h4;
    let f = h5;
    let g = h6;
    let h = h7;
    for (let index = 0; index < 64; index++) {
      const sigma1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
      const choose = (e & f) ^ (~e & g);
      const temp1 = (h + sigma1 + choose + (k[index] as number) + (w[index] as number)) | 0;
      const sigma0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
      const majority = (a & b) ^ (a & c) ^ (b & c);
      const temp2 = (sigma0 + majority) | 0;
      h = g;
      g = f;
      f = e;
      e = (d + temp1) | 0;
      d = c;
      c = b;
      b = a;
      a = (temp1 + temp2) | 0;
    }
    h0 = (h0 + a) | 0;
    h1 = (h1 + b) | 0;
    h2 = (h2 + c) | 0;
    h3 = (h3 + d) | 0;
    h4 = (h4 + e) | 0;
    h5 = (h5 + f) | 0;
    h6 = (h6 + g) | 0;
    h7 = (h7 + h) | 0;
  }
  return hex32(h0) + hex32(h1) + hex32(h2) + hex32(h3) + hex32(h4) + hex32(h5) + hex32(h6) + hex32(h7);
}

function hex32(word: number): string {
  return (word >>> 0).toString(16).padStart(8, "0");
}
