import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createPayloadPreview, PAYLOAD_PREVIEW_MAX_BYTES } from "./create-payload-preview.js";
import { redactSecrets } from "./redact-secrets.js";

const utf8Bytes = (text: string) => new TextEncoder().encode(text).length;

describe("createPayloadPreview (§9.6)", () => {
  it("stores a small payload unchanged, and frozen", () => {
    const preview = createPayloadPreview({ title: "Fix bug", labels: ["bug"] });
    expect(preview).toEqual({ title: "Fix bug", labels: ["bug"] });
    expect(Object.isFrozen(preview)).toBe(true);
    expect(Object.isFrozen((preview as { labels: string[] }).labels)).toBe(true);
  });

  it("wraps a large payload with its original size and the first 2048 characters of its JSON", () => {
    const payload = { body: "x".repeat(5000) };
    const json = JSON.stringify(payload);
    expect(createPayloadPreview(payload)).toEqual({
      _truncated: true,
      _originalBytes: json.length,
      preview: json.slice(0, 2048),
    });
  });

  it("counts UTF-8 bytes, not characters, when deciding to truncate", () => {
    const payload = { text: "é".repeat(1100) }; // 1100 characters, 2200 bytes
    expect(createPayloadPreview(payload)).toMatchObject({
      _truncated: true,
      _originalBytes: utf8Bytes(JSON.stringify(payload)),
    });
  });

  it("never splits a surrogate pair", () => {
    const payload = { text: `${"a".repeat(2037)}${"😀".repeat(10)}` };
    const preview = createPayloadPreview(payload) as { preview: string };
    expect(preview.preview.length).toBeLessThanOrEqual(2048);
    const last = preview.preview.charCodeAt(preview.preview.length - 1);
    expect(last >= 0xd800 && last <= 0xdbff).toBe(false);
  });

  it("stores no secret from the payload, small or truncated, at any depth", () => {
    const key = "agk_0123456789abcdef0123456789abcdef01234567";
    const token = "gho_abcdefghijklmnopqrstuvwxyz0123456789";
    const payload = {
      title: "Fix bug",
      headers: { Authorization: `Bearer ${token}` },
      nested: [{ note: `use ${key}`, password: "hunter2-hunter2" }],
      url: "https://bot:s3cr3t-pass@api.example.test/x?access_token=abc123def456",
    };
    const small = JSON.stringify(createPayloadPreview(payload));
    const large = JSON.stringify(createPayloadPreview({ ...payload, body: "x".repeat(5000) }));
    for (const preview of [small, large]) {
      for (const secret of [key, token, "hunter2-hunter2", "s3cr3t-pass", "abc123def456"]) {
        expect(preview).not.toContain(secret);
      }
    }
    expect(small).toContain("Fix bug");
    expect(JSON.parse(large)._truncated).toBe(true);
  });

  it("gives null for a missing payload", () => {
    expect(createPayloadPreview(undefined)).toBeNull();
    expect(createPayloadPreview(null)).toBeNull();
  });

  it("never exceeds its bound, and keeps every small payload without secrets intact", () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (payload) => {
        // Random keys and strings can spell a credential ("auth", "x=…agk_"): those are redacted.
        fc.pre(redactSecrets(payload) === payload);
        const preview = createPayloadPreview(payload);
        const json = JSON.stringify(payload);
        if (utf8Bytes(json) <= PAYLOAD_PREVIEW_MAX_BYTES) {
          expect(JSON.stringify(preview)).toBe(json);
        } else {
          const wrapped = preview as { _truncated: boolean; _originalBytes: number; preview: string };
          expect(wrapped._truncated).toBe(true);
          expect(wrapped._originalBytes).toBe(utf8Bytes(json));
          expect(wrapped.preview.length).toBeLessThanOrEqual(PAYLOAD_PREVIEW_MAX_BYTES);
          expect(json.startsWith(wrapped.preview)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("never exceeds its bound for large string payloads", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", minLength: 500, maxLength: 6000 }), (text) => {
        const preview = createPayloadPreview({ text });
        const size = utf8Bytes(JSON.stringify(preview));
        // The wrapper adds a few fields and escapes; the preview text itself is bounded.
        const bound = (preview as { _truncated?: boolean })._truncated
          ? 2048 * 6 + 100
          : PAYLOAD_PREVIEW_MAX_BYTES;
        expect(size).toBeLessThanOrEqual(bound);
        if ((preview as { _truncated?: boolean })._truncated) {
          expect((preview as { preview: string }).preview.length).toBeLessThanOrEqual(
            PAYLOAD_PREVIEW_MAX_BYTES,
          );
        }
      }),
      { numRuns: 200 },
    );
  });
});
