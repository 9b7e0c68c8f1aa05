import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import { matchesWildcard } from "./matches-wildcard.js";

/** The §5.3 rule written as plainly as possible, character by character. */
function referenceMatch(pattern: string, value: string): boolean {
  if (pattern === "*") return true;
  if (pattern.endsWith("*")) {
    const prefix = pattern.slice(0, -1);
    if (value.length < prefix.length) return false;
    for (let index = 0; index < prefix.length; index++) if (prefix[index] !== value[index]) return false;
    return true;
  }
  return pattern === value;
}

describe("matchesWildcard", () => {
  it.each([
    ["*", "anything.at.all", true],
    ["*", "", true],
    ["pull_request.*", "pull_request.create", true],
    ["pull_request.*", "pull_request.merge", true],
    ["pull_request.*", "pull_request", false],
    ["pull_request.*", "pull_request.", true],
    ["pull_request.create", "pull_request.create", true],
    ["pull_request.create", "Pull_Request.create", false],
    ["a*b", "axb", false],
    ["a*b", "a*b", true],
    ["**", "*x", true],
    ["**", "x", false],
    ["delete_*", "delete_issue", true],
    ["", "", true],
    ["", "x", false],
  ])("matches %j against %j as %s", (pattern, value, expected) => {
    expect(matchesWildcard(pattern, value)).toBe(expected);
  });

  it("always agrees with the reference definition", () => {
    const alphabet = fc.constantFrom("a", "b", ".", "*", "_");
    const text = fc.array(alphabet, { maxLength: 12 }).map((chars) => chars.join(""));
    fc.assert(
      fc.property(text, text, (pattern, value) => {
        expect(matchesWildcard(pattern, value)).toBe(referenceMatch(pattern, value));
      }),
      { numRuns: 2000 },
    );
  });

  it("agrees with the reference on arbitrary unicode strings and prefixes of the value", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: "grapheme" }),
        fc.string({ unit: "grapheme" }),
        fc.boolean(),
        (value, other, usePrefix) => {
          const pattern = usePrefix ? `${value.slice(0, Math.floor(value.length / 2))}*` : other;
          expect(matchesWildcard(pattern, value)).toBe(referenceMatch(pattern, value));
        },
      ),
    );
  });

  it("matches an adversarial pattern of 32 stars against a 1 KiB action in one pass over the pattern", () => {
    const pattern = "*".repeat(32);
    const action = "*".repeat(31) + "a".repeat(1024 - 31);
    // Count the character reads instead of timing: linear in the pattern, whatever the stars.
    const reads = vi.spyOn(String.prototype, "charCodeAt");
    let matched: boolean;
    try {
      matched = matchesWildcard(pattern, action);
    } finally {
      reads.mockRestore();
    }
    expect(matched).toBe(true);
    expect(reads.mock.calls.length).toBeLessThanOrEqual(2 * pattern.length + 1);
  });
});
