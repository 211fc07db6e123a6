#!/usr/bin/env node
// The floor: the least a Node HTTP proxy can do. Every request is piped to the
// upstream on a keep-alive pool and the answer is piped back, headers and
// all. No parsing, no auth, no logging. Whatever Switchboard adds beyond
// this is the cost of being a gateway rather than a pipe.
//
//   node bench/floor.mjs --upstream=http://127.0.0.1:PORT [--port=0]
// Prints `LISTENING <port>` on stdout once bound.
import http from 'node:http';

const args = Object.fromEntries(
  process.argv.slice(2).map((a) => {
    const m = /^--([^=]+)(?:=(.*))?$/.exec(a);
    return m ? [m[1], m[2] ?? 'true'] : [a, 'true'];
  }),
);
const upstream = new URL(args.upstream ?? 'http://127.0.0.1:8080');
const agent = new http.Agent({ keepAlive: true, maxSockets: 1024, scheduling: 'lifo' });
const HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'host', 'proxy-connection', 'upgrade', 'te', 'trailer']);

const server = http.createServer({ keepAliveTimeout: 65_000, requestTimeout: 0 }, (req, res) => {
  const headers = {};
  for (const [k, v] of Object.entries(req.headers)) if (!HOP.has(k)) headers[k] = v;
  const up = http.request(
    { host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers, agent },
    (upRes) => {
      const out = {};
      for (const [k, v] of Object.entries(upRes.headers)) if (!HOP.has(k)) out[k] = v;
      res.writeHead(upRes.statusCode ?? 502, out);
      upRes.pipe(res);
    },
  );
  up.on('error', () => {
    if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' });
    res.end('{"error":{"message":"upstream error"}}');
  });
  res.once('close', () => {
    if (!res.writableFinished) up.destroy();
  });
  req.pipe(up);
});
server.listen(Number(args.port ?? 0), '127.0.0.1', () => {
  process.stdout.write(`LISTENING ${server.address().port}\n`);
});
process.on('SIGTERM', () => process.exit(0));
