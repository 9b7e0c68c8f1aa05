/**
 * True for host names and addresses that only this machine can reach: `localhost`, `127.0.0.0/8`
 * and `::1`. The mock's control plane has no authentication, so binding anywhere else is a choice the
 * user must make explicitly (mock-server.md §2), and the command warns when they do.
 *
 * @example
 * isLoopbackHost("127.0.0.1"); // true
 * isLoopbackHost("0.0.0.0");   // false: every interface
 */
export function isLoopbackHost(host: string): boolean {
  const normalized = host
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, "");
  if (normalized === "localhost" || normalized.endsWith(".localhost")) return true;
  if (normalized === "::1" || normalized === "0:0:0:0:0:0:0:1") return true;
  if (normalized.startsWith("::ffff:")) return isLoopbackHost(normalized.slice(7));
  const octets = normalized.split(".");
  return (
    octets.length === 4 &&
    octets[0] === "127" &&
    octets.every((octet) => /^\d{1,3}$/.test(octet) && Number(octet) <= 255)
  );
}
