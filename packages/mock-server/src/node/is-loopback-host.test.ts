import { describe, expect, it } from "vitest";
import { isLoopbackHost } from "./is-loopback-host.js";

describe("isLoopbackHost", () => {
  it.each([
    "127.0.0.1",
    "127.1.2.3",
    "localhost",
    "LOCALHOST",
    "::1",
    "[::1]",
    "::ffff:127.0.0.1",
    "app.localhost",
  ])("treats %s as loopback", (host) => expect(isLoopbackHost(host)).toBe(true));

  it.each([
    "0.0.0.0",
    "::",
    "192.168.1.10",
    "10.0.0.1",
    "example.com",
    "128.0.0.1",
    "127.0.0.256",
    "localhost.example.com",
  ])("treats %s as reachable from other hosts", (host) => expect(isLoopbackHost(host)).toBe(false));
});
