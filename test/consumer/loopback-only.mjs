// Preloaded into every consumer run (`node --import`, through NODE_OPTIONS so spawned bins get it too):
// a socket to anything but loopback fails the run, so the consumer project provably stays offline.
import net from "node:net";

const loopback = new Set(["127.0.0.1", "::1", "localhost", "::ffff:127.0.0.1"]);
const connect = net.Socket.prototype.connect;

net.Socket.prototype.connect = function connectLoopbackOnly(...args) {
  const [first, second] = args;
  const options = Array.isArray(first) ? first[0] : first;
  let host;
  if (options && typeof options === "object") host = options.path ? undefined : options.host;
  else if (typeof first === "number" || (typeof first === "string" && /^\d+$/.test(first))) {
    host = typeof second === "string" ? second : undefined;
  }
  if (host !== undefined && !loopback.has(host)) {
    throw new Error(`consumer project: refused a connection to ${host} (loopback only)`);
  }
  return connect.apply(this, args);
};
