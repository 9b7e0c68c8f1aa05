import { describe, expect, it } from "vitest";
import { createUnsignedJwt } from "./create-unsigned-jwt.js";
import { decodeUserJwt } from "./decode-user-jwt.js";

describe("decodeUserJwt (§3.7)", () => {
  it("reads sub and email without verifying the signature", () => {
    const token = createUnsignedJwt({
      userId: "11111111-1111-4111-8111-111111111111",
      email: "rev@example.com",
    });
    expect(decodeUserJwt(token)).toEqual({
      userId: "11111111-1111-4111-8111-111111111111",
      email: "rev@example.com",
    });
    const signed = `${token.slice(0, -1)}.c2lnbmF0dXJl`.replace("..", ".");
    expect(decodeUserJwt(signed)?.userId).toBe("11111111-1111-4111-8111-111111111111");
  });

  it("accepts a real-looking Supabase token with unicode claims", () => {
    const payload = Buffer.from(
      JSON.stringify({ sub: "u-1", email: "ü@example.com", role: "authenticated" }),
    ).toString("base64url");
    expect(decodeUserJwt(`eyJhbGciOiJIUzI1NiJ9.${payload}.sig`)).toEqual({
      userId: "u-1",
      email: "ü@example.com",
    });
  });

  it.each([
    ["nothing", null],
    ["an empty string", ""],
    ["an agk_ key", "agk_0123456789abcdef0123456789abcdef01234567"],
    ["one segment", "abc"],
    ["garbage base64", "a.!!!.c"],
    ["a payload that is not JSON", `a.${Buffer.from("nope").toString("base64url")}.c`],
    ["a payload without sub", `a.${Buffer.from(JSON.stringify({ email: "x" })).toString("base64url")}.c`],
    ["a payload that is an array", `a.${Buffer.from("[1]").toString("base64url")}.c`],
  ])("refuses %s", (_name, token) => {
    expect(decodeUserJwt(token)).toBeNull();
  });
});
