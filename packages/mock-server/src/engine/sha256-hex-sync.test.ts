import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sha256Hex } from "./sha256-hex.js";
import { sha256HexPortable, sha256HexSync } from "./sha256-hex-sync.js";

describe.each([
  ["sha256HexSync", sha256HexSync],
  ["sha256HexPortable (where Node's native hash is unavailable)", sha256HexPortable],
])("%s", (_name, sha256HexSync) => {
  it("gives the FIPS 180-4 digests of the standard test vectors", () => {
    expect(sha256HexSync("")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(sha256HexSync("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(sha256HexSync("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")).toBe(
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
    );
  });

  it("always agrees with Web Crypto, across block boundaries and non-ASCII text", async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: "binary", maxLength: 300 }), async (text) => {
        expect(sha256HexSync(text)).toBe(await sha256Hex(text));
      }),
      { numRuns: 300 },
    );
    for (const length of [55, 56, 63, 64, 65, 119, 120, 128]) {
      const text = "k".repeat(length);
      expect(sha256HexSync(text)).toBe(await sha256Hex(text));
    }
  });
});
