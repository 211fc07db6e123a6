#!/usr/bin/env node
// Minimal fake LLM upstream for the benchmark: plain node:http, no framework,
// precomputed bodies, no JSON parsing of requests. It must never be the
// bottleneck, so it does the least work that still produces valid wire
// formats.
//
//   POST /v1/chat/completions   OpenAI (non-stream JSON, or SSE when the body has "stream":true)
//   POST /v1/messages           Anthropic (non-stream JSON, or SSE)
//   POST /__bench/config        {"latencyMs":0,"tokens":10,"tokensPerSec":1000}
//
// Every streamed content token is `w@<micros> `, where <micros> is the
// upstream's CLOCK_MONOTONIC (process.hrtime) in microseconds at send time.
// The client reads the same clock, so it can measure each chunk's transit
// through a proxy. Prints `LISTENING <port>` on stdout once bound.
import http from 'node:http';

const args = Object.fromEntries(
  process.argv.slice(2).map((a) => {
    const m = /^--([^=]+)(?:=(.*))?$/.exec(a);
    return m ? [m[1], m[2] ?? 'true'] : [a, 'true'];
  }),
);
const cfg = { latencyMs: 0, tokens: 10, tokensPerSec: 1000 };

// --- precomputed bodies ---------------------------------------------------
const TEXT = 'pong '.repeat(20).trim();
const OPENAI_BODY = Buffer.from(
  JSON.stringify({
    id: 'chatcmpl-bench0000000000000000000000',
    object: 'chat.completion',
    created: 1767225600,
    model: 'gpt-4o-mini-2024-07-18',
    choices: [{ index: 0, message: { role: 'assistant', content: TEXT, refusal: null, annotations: [] }, logprobs: null, finish_reason: 'stop' }],
    usage: {
      prompt_tokens: 250,
      completion_tokens: 20,
      total_tokens: 270,
      prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
    },
    service_tier: 'default',
    system_fingerprint: 'fp_bench',
  }),
);
const ANTHROPIC_BODY = Buffer.from(
  JSON.stringify({
    id: 'msg_bench000000000000000000',
    type: 'message',
    role: 'assistant',
    model: 'claude-haiku-4-5-20251001',
    content: [{ type: 'text', text: TEXT }],
    stop_reason: 'end_turn',
    stop_sequence: null,
    usage: { input_tokens: 250, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 20, service_tier: 'standard' },
  }),
);
const JSON_HEADERS = (len) => ({ 'content-type': 'application/json', 'content-length': len });
const SSE_HEADERS = { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' };

const OA_PREFIX = 'data: {"id":"chatcmpl-bench0000000000000000000000","object":"chat.completion.chunk","created":1767225600,"model":"gpt-4o-mini-2024-07-18","service_tier":"default","system_fingerprint":"fp_bench","choices":[{"index":0,"delta":{';
const OA_SUFFIX_OPEN = '},"logprobs":null,"finish_reason":null}]';
const OA_ROLE = `${OA_PREFIX}"role":"assistant","content":"","refusal":null${OA_SUFFIX_OPEN}USAGE}\n\n`;
const oaToken = (usageNull) => (text) => `${OA_PREFIX}"content":"${text}"${OA_SUFFIX_OPEN}${usageNull ? ',"usage":null' : ''}}\n\n`;
const oaFinish = (usageNull) =>
  `${OA_PREFIX}${OA_SUFFIX_OPEN.replace('"finish_reason":null', '"finish_reason":"stop"')}${usageNull ? ',"usage":null' : ''}}\n\n`;
const oaUsage = (n) =>
  `data: {"id":"chatcmpl-bench0000000000000000000000","object":"chat.completion.chunk","created":1767225600,"model":"gpt-4o-mini-2024-07-18","service_tier":"default","system_fingerprint":"fp_bench","choices":[],"usage":{"prompt_tokens":250,"completion_tokens":${n},"total_tokens":${250 + n},"prompt_tokens_details":{"cached_tokens":0,"audio_tokens":0},"completion_tokens_details":{"reasoning_tokens":0,"audio_tokens":0,"accepted_prediction_tokens":0,"rejected_prediction_tokens":0}}}\n\n`;
const OA_DONE = 'data: [DONE]\n\n';

const AN_START =
  'event: message_start\ndata: {"type":"message_start","message":{"id":"msg_bench000000000000000000","type":"message","role":"assistant","model":"claude-haiku-4-5-20251001","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":250,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":1,"service_tier":"standard"}}}\n\n' +
  'event: content_block_start\ndata: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}\n\n' +
  'event: ping\ndata: {"type":"ping"}\n\n';
const anToken = (text) => `event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"${text}"}}\n\n`;
const anEnd = (n) =>
  'event: content_block_stop\ndata: {"type":"content_block_stop","index":0}\n\n' +
  `event: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":${n}}}\n\n` +
  'event: message_stop\ndata: {"type":"message_stop"}\n\n';

const micros = () => process.hrtime.bigint() / 1000n;
const STREAM_NEEDLE = Buffer.from('"stream":true');
const USAGE_NEEDLE = Buffer.from('"include_usage":true');

let inflight = 0;
let served = 0;

function authorized(req) {
  return typeof req.headers.authorization === 'string' || typeof req.headers['x-api-key'] === 'string';
}

function later(fn) {
  if (cfg.latencyMs > 0) setTimeout(fn, cfg.latencyMs);
  else fn();
}

function streamTokens(res, first, token, end, onEnd) {
  const total = Math.max(1, cfg.tokens);
  const gap = cfg.tokensPerSec > 0 ? 1000 / cfg.tokensPerSec : 0;
  let sent = 0;
  let closed = false;
  res.once('close', () => (closed = true));
  res.writeHead(200, SSE_HEADERS);
  // First content token goes out with the preamble: time-to-first-token is the
  // upstream latency plus nothing.
  res.write(first + token(`w@${micros()} `));
  sent = 1;
  const tick = () => {
    if (closed) return onEnd();
    if (sent < total) {
      res.write(token(`w@${micros()} `));
      sent++;
      if (sent < total) return void setTimeout(tick, gap);
    }
    res.end(end(total));
    onEnd();
  };
  if (total === 1) tick();
  else setTimeout(tick, gap);
}

const server = http.createServer({ keepAliveTimeout: 65_000, requestTimeout: 0 }, (req, res) => {
  inflight++;
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const done = () => {
      inflight--;
      served++;
    };
    const url = req.url ?? '/';
    if (req.method !== 'POST') {
      done();
      res.writeHead(url === '/__bench/stats' ? 200 : 404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ inflight, served, cfg }));
      return;
    }
    const body = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
    if (url === '/__bench/config') {
      Object.assign(cfg, JSON.parse(body.toString('utf8')));
      done();
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(cfg));
      return;
    }
    if (!authorized(req)) {
      done();
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end('{"error":{"message":"missing key","type":"invalid_request_error"}}');
      return;
    }
    const stream = body.includes(STREAM_NEEDLE);
    const path = url.split('?')[0];
    if (path.endsWith('/chat/completions')) {
      later(() => {
        if (!stream) {
          res.writeHead(200, JSON_HEADERS(OPENAI_BODY.length));
          res.end(OPENAI_BODY);
          return done();
        }
        const usage = body.includes(USAGE_NEEDLE);
        const tok = oaToken(usage);
        streamTokens(res, OA_ROLE.replace('USAGE', usage ? ',"usage":null' : ''), tok, (n) => oaFinish(usage) + (usage ? oaUsage(n) : '') + OA_DONE, done);
      });
    } else if (path.endsWith('/messages')) {
      later(() => {
        if (!stream) {
          res.writeHead(200, JSON_HEADERS(ANTHROPIC_BODY.length));
          res.end(ANTHROPIC_BODY);
          return done();
        }
        streamTokens(res, AN_START, anToken, anEnd, done);
      });
    } else {
      done();
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end('{"error":{"message":"not found","type":"invalid_request_error"}}');
    }
  });
});
server.listen(Number(args.port ?? 0), '127.0.0.1', () => {
  process.stdout.write(`LISTENING ${server.address().port}\n`);
});
process.on('SIGTERM', () => process.exit(0));
