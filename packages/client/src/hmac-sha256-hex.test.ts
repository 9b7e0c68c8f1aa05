import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { hmacSha256Hex } from "./hmac-sha256-hex";

describe("hmacSha256Hex", () => {
  it("matches GitHub's published test vector", async () => {
    // https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries#testing-the-webhook-payload-validation
    await expect(hmacSha256Hex("It's a Secret to Everybody", "Hello, World!")).resolves.toBe(
      "757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
    );
  });

  it("matches node:crypto for text, bytes and ArrayBuffer payloads", async () => {
    const text = JSON.stringify({ action: "opened", emoji: "🚀" });
    const expected = createHmac("sha256", "s3cret").update(text).digest("hex");
    const bytes = new TextEncoder().encode(text);
    await expect(hmacSha256Hex("s3cret", text)).resolves.toBe(expected);
    await expect(hmacSha256Hex("s3cret", bytes)).resolves.toBe(expected);
    await expect(hmacSha256Hex("s3cret", bytes.buffer)).resolves.toBe(expected);
  });

  it("refuses an empty secret", async () => {
    await expect(hmacSha256Hex("", "x")).rejects.toBeInstanceOf(TypeError);
  });
});
