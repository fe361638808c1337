// Stratus runtime for nodejs*.x functions: speaks the Lambda Runtime API like AWS's runtime interface client.
// CommonJS rather than an ES module: an ES module entry point sets up Node's ESM loader first, ~5 ms of CPU on every
// cold start (the loader still starts, through import(), for functions that are ES modules).
'use strict';
const net = require('node:net');
const fs = require('node:fs');
const path = require('node:path');
const util = require('node:util');
const { createRequire } = require('node:module');
const { pathToFileURL } = require('node:url');
const { Writable } = require('node:stream');

const [host, port] = process.env.AWS_LAMBDA_RUNTIME_API.split(':');
const taskRoot = process.env.LAMBDA_TASK_ROOT || '/var/task';
const base = '/2018-06-01/runtime';

// One keep-alive connection to the Runtime API, spoken as a few lines of HTTP/1.1 over a socket: node:http's client
// machinery cost more than the rest of a warm invocation. Stratus's Runtime API always answers with Content-Length,
// and a runtime has at most two requests in flight (a response pipelined with the next poll), answered in order.
let socket = null;
let received = Buffer.alloc(0);
let later = []; // chunks after `received`, joined only once the whole response is there (a 6 MB event arrives in ~100)
let laterBytes = 0;
let expected = -1; // total bytes of the response being read, once its head has arrived
const pendings = []; // callbacks of the requests sent and not yet answered, oldest first

function connect() {
  socket = net.createConnection({ host, port: Number(port), noDelay: true });
  socket.on('data', (d) => {
    if (expected < 0 && !received.length) {
      received = d;
    } else {
      later.push(d);
      laterBytes += d.length;
      if (expected >= 0 && received.length + laterBytes < expected) return;
      received = Buffer.concat([received, ...later]);
      later = [];
      laterBytes = 0;
    }
    parseResponse();
  });
  const fail = (e) => {
    socket = null;
    received = Buffer.alloc(0);
    later = [];
    laterBytes = 0;
    expected = -1;
    for (const p of pendings.splice(0)) p.reject(e);
  };
  socket.on('error', fail);
  socket.on('close', () => fail(new Error('the Runtime API closed the connection')));
}

function parseResponse() {
  while (pendings.length) {
    const end = received.indexOf('\r\n\r\n');
    if (end < 0) return;
    const lines = received.subarray(0, end).toString('latin1').split('\r\n');
    const headers = {};
    for (let i = 1; i < lines.length; i++) {
      const colon = lines[i].indexOf(':');
      if (colon > 0) headers[lines[i].slice(0, colon).trim().toLowerCase()] = lines[i].slice(colon + 1).trim();
    }
    const length = Number(headers['content-length'] || 0);
    expected = end + 4 + length;
    if (received.length < expected) return;
    expected = -1;
    const body = Buffer.from(received.subarray(end + 4, end + 4 + length));
    received = received.subarray(end + 4 + length);
    pendings.shift().resolve({ res: { statusCode: Number(lines[0].split(' ')[1]), headers }, body });
  }
}

function encode(method, urlPath, body, headers = {}) {
  let head = `${method} ${base}${urlPath} HTTP/1.1\r\nHost: ${host}:${port}\r\n`;
  for (const [name, value] of Object.entries(headers)) head += `${name}: ${value}\r\n`;
  const payload = body === undefined ? null : Buffer.from(body, 'utf8');
  if (payload) head += `Content-Length: ${payload.length}\r\n`;
  head += '\r\n';
  return payload ? Buffer.concat([Buffer.from(head, 'latin1'), payload]) : Buffer.from(head, 'latin1');
}

// Sends requests in one write; a promise per request, settled in order as the answers arrive.
function send(...requests) {
  if (!socket) connect();
  const answers = requests.map(() => new Promise((resolve, reject) => pendings.push({ resolve, reject })));
  socket.write(requests.length === 1 ? requests[0] : Buffer.concat(requests));
  return answers;
}

function call(method, urlPath, body, headers = {}) {
  return send(encode(method, urlPath, body, headers))[0];
}

function encodePost(urlPath, payload, errorType) {
  const headers = { 'Content-Type': 'application/json' };
  if (errorType) headers['Lambda-Runtime-Function-Error-Type'] = errorType;
  return encode('POST', urlPath, payload, headers);
}

// This process's pid and peak resident set in KB (getrusage's ru_maxrss, the kernel's VmHWM): sent with a response
// so that Stratus need not read this process's /proc files for REPORT's Max Memory Used on every invocation.
function peakRss() {
  return `${process.pid} ${process.resourceUsage().maxRSS}`;
}

function post(urlPath, payload, errorType) {
  return send(encodePost(urlPath, payload, errorType))[0];
}

// Posts a response and polls for the next event in the same write, without waiting for the 202 in between (HTTP/1.1
// pipelining): a round trip and a wake-up fewer per invocation. Returns the next event's promise.
function answerAndWait(urlPath, payload) {
  const headers = { 'Content-Type': 'application/json', 'Stratus-Peak-Rss': peakRss() };
  const [answered, next] = send(encode('POST', urlPath, payload, headers), encode('GET', '/invocation/next'));
  answered.catch(() => {}); // a broken connection fails `next` as well
  return next;
}

// Response streaming (awslambda.streamifyResponse): the handler writes to a stream whose bytes go to the Runtime API
// as a chunked POST with Lambda-Runtime-Function-Response-Mode: streaming; a failure after the first byte travels
// in the Lambda-Runtime-Function-Error-Type / -Body trailers, as AWS's runtime sends it.
const STREAMING = Symbol.for('aws.lambda.runtime.handler.streaming');
const HTTP_INTEGRATION = 'application/vnd.awslambda.http-integration-response';

globalThis.awslambda = {
  streamifyResponse(fn) {
    fn[STREAMING] = 'response';
    return fn;
  },
  HttpResponseStream: {
    // The URL front end reads a JSON prelude (statusCode, headers, cookies) and 8 NUL bytes before the body.
    from(stream, metadata) {
      stream.setContentType(HTTP_INTEGRATION);
      stream.write(Buffer.concat([Buffer.from(JSON.stringify(metadata || {}), 'utf8'), Buffer.alloc(8)]));
      return stream;
    },
  },
};

function openResponseStream(requestId) {
  if (!socket) connect();
  let contentType = 'application/octet-stream';
  let started = false;
  const start = () => {
    if (started) return;
    started = true;
    socket.write(`POST ${base}/invocation/${requestId}/response HTTP/1.1\r\nHost: ${host}:${port}\r\n`
      + 'Lambda-Runtime-Function-Response-Mode: streaming\r\nTransfer-Encoding: chunked\r\n'
      + `Content-Type: ${contentType}\r\n`
      + 'Trailer: Lambda-Runtime-Function-Error-Type, Lambda-Runtime-Function-Error-Body\r\n\r\n', 'latin1');
  };
  const stream = new Writable({
    write(chunk, encoding, done) {
      start();
      const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk, encoding);
      if (b.length) socket.write(Buffer.concat([Buffer.from(`${b.length.toString(16)}\r\n`, 'latin1'), b,
        Buffer.from('\r\n', 'latin1')]));
      done();
    },
  });
  stream.setContentType = (type) => { contentType = type; };
  stream.finish = (errorDoc) => new Promise((resolve, reject) => {
    start();
    pendings.push({ resolve, reject });
    let tail = '0\r\n';
    if (errorDoc) {
      tail += `Lambda-Runtime-Function-Error-Type: ${errorDoc.errorType}\r\n`
        + `Lambda-Runtime-Function-Error-Body: ${Buffer.from(JSON.stringify(errorDoc)).toString('base64')}\r\n`;
    }
    socket.write(tail + '\r\n', 'latin1');
  });
  return stream;
}

async function runStreaming(fn, event, context, requestId) {
  const stream = openResponseStream(requestId);
  const ended = new Promise((resolve) => stream.on('finish', resolve));
  try {
    await fn(event, stream, context);
    if (!stream.writableEnded) stream.end();
    await ended;
    await stream.finish(null);
  } catch (e) {
    const doc = errorDocument(e);
    console.error('Invoke Error', `\t${JSON.stringify(doc)}`);
    if (!stream.writableEnded) stream.end();
    await ended;
    await stream.finish(doc);
  }
}

// console.* as Lambda formats it: time, request id, level, message on one line (newlines become \r).
let currentRequestId = undefined;
function patchConsole() {
  const levels = { log: 'INFO', info: 'INFO', warn: 'WARN', error: 'ERROR', debug: 'DEBUG', trace: 'TRACE' };
  for (const [name, level] of Object.entries(levels)) {
    console[name] = (...args) => {
      const message = util.format(...args).replace(/\n/g, '\r');
      process.stdout.write(`${new Date().toISOString()}\t${currentRequestId}\t${level}\t${message}\n`);
    };
  }
}

class UserError extends Error {
  constructor(errorType, message, cause) {
    super(message);
    this.name = errorType;
    this.errorType = errorType;
    if (cause && cause.stack) this.stack = cause.stack;
  }
}

function errorDocument(err) {
  if (err instanceof Error) {
    const errorType = err.errorType || err.name || 'Error';
    const stack = typeof err.stack === 'string' ? err.stack.split('\n') : [];
    return { errorType, errorMessage: err.message, trace: stack };
  }
  return { errorType: typeof err === 'string' ? 'string' : typeof err, errorMessage: String(err), trace: [] };
}

function packageType(dir) {
  for (let d = dir; d.startsWith(taskRoot); d = path.dirname(d)) {
    const pj = path.join(d, 'package.json');
    if (fs.existsSync(pj)) {
      try { return JSON.parse(fs.readFileSync(pj, 'utf8')).type; } catch { return undefined; }
    }
    if (d === taskRoot) break;
  }
  return undefined;
}

async function loadModule(modulePath) {
  const full = path.resolve(taskRoot, modulePath);
  const require = createRequire(path.join(taskRoot, 'index.js'));
  if (fs.existsSync(full + '.mjs')) return import(pathToFileURL(full + '.mjs').href);
  if (fs.existsSync(full + '.cjs')) return require(full + '.cjs');
  if (fs.existsSync(full + '.js')) {
    if (packageType(path.dirname(full)) === 'module') return import(pathToFileURL(full + '.js').href);
    try {
      return require(full + '.js');
    } catch (e) {
      if (e && e.code === 'ERR_REQUIRE_ESM') return import(pathToFileURL(full + '.js').href);
      throw e;
    }
  }
  try {
    return require(full);
  } catch (e) {
    if (e && e.code === 'MODULE_NOT_FOUND') {
      throw new UserError('Runtime.ImportModuleError',
        `Error: Cannot find module '${path.basename(modulePath)}'\nRequire stack:\n- /var/runtime/index.mjs`, e);
    }
    throw e;
  }
}

async function loadHandler(handlerString) {
  const base = path.basename(handlerString);
  const dot = base.indexOf('.');
  if (dot < 0) {
    throw new UserError('Runtime.MalformedHandlerName', `Bad handler ${handlerString}`);
  }
  const modulePath = path.join(path.dirname(handlerString), base.slice(0, dot));
  const handlerPath = base.slice(dot + 1);
  let mod;
  try {
    mod = await loadModule(modulePath);
  } catch (e) {
    if (e instanceof UserError) throw e;
    if (e instanceof SyntaxError) throw new UserError('Runtime.UserCodeSyntaxError', `${e.name}: ${e.message}`, e);
    if (e && (e.code === 'MODULE_NOT_FOUND' || e.code === 'ERR_MODULE_NOT_FOUND')) {
      throw new UserError('Runtime.ImportModuleError', `Error: ${e.message}`, e);
    }
    throw e;
  }
  let fn = mod;
  for (const part of handlerPath.split('.')) {
    fn = fn == null ? undefined : (fn[part] !== undefined ? fn[part] : (fn.default ? fn.default[part] : undefined));
  }
  if (typeof fn !== 'function') {
    throw new UserError('Runtime.HandlerNotFound', `${base} is undefined or not exported`);
  }
  return fn;
}

function makeContext(res, requestId) {
  const deadline = Number(res.headers['lambda-runtime-deadline-ms'] || 0);
  const cc = res.headers['lambda-runtime-client-context'];
  const ci = res.headers['lambda-runtime-cognito-identity'];
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION,
    invokedFunctionArn: res.headers['lambda-runtime-invoked-function-arn'],
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    awsRequestId: requestId,
    logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME,
    clientContext: cc ? JSON.parse(cc) : undefined,
    identity: ci ? JSON.parse(ci) : undefined,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
}

function runHandler(fn, event, context) {
  return new Promise((resolve, reject) => {
    let settled = false;
    const callback = (err, result) => {
      if (settled) return;
      settled = true;
      if (err !== undefined && err !== null) reject(err); else resolve(result);
    };
    context.done = callback;
    context.succeed = (result) => callback(null, result);
    context.fail = (err) => callback(err === undefined ? 'handled' : err);
    try {
      const out = fn(event, context, callback);
      if (fn.length < 3 || (out && typeof out.then === 'function')) {
        Promise.resolve(out).then((r) => callback(null, r), (e) => callback(e === undefined ? new Error('undefined') : e));
      }
    } catch (e) {
      callback(e);
    }
  });
}

async function main() {
  patchConsole();
  let handler;
  try {
    handler = await loadHandler(process.env._HANDLER || '');
  } catch (e) {
    const doc = errorDocument(e);
    console.error(`${doc.errorType}: ${doc.errorMessage}`);
    await post('/init/error', JSON.stringify(doc), doc.errorType);
    process.exit(129);
  }
  process.on('uncaughtException', (e) => {
    console.error('Uncaught Exception', JSON.stringify(errorDocument(e)));
    process.exit(129);
  });
  let nextEvent = null; // the poll sent along with the last response
  for (;;) {
    const { res, body } = await (nextEvent || call('GET', '/invocation/next'));
    nextEvent = null;
    const requestId = res.headers['lambda-runtime-aws-request-id'];
    currentRequestId = requestId;
    const trace = res.headers['lambda-runtime-trace-id'];
    if (trace) process.env._X_AMZN_TRACE_ID = trace; else delete process.env._X_AMZN_TRACE_ID;
    const context = makeContext(res, requestId);
    if (handler[STREAMING] === 'response') {
      const event = body.length ? JSON.parse(body.toString('utf8')) : {};
      await runStreaming(handler, event, context, requestId);
      continue;
    }
    try {
      const event = body.length ? JSON.parse(body.toString('utf8')) : {};
      const result = await runHandler(handler, event, context);
      const payload = JSON.stringify(result === undefined ? null : result);
      nextEvent = answerAndWait(`/invocation/${requestId}/response`, payload === undefined ? 'null' : payload);
    } catch (e) {
      const doc = errorDocument(e);
      console.error('Invoke Error', `\t${JSON.stringify(doc)}`);
      await post(`/invocation/${requestId}/error`, JSON.stringify(doc), doc.errorType);
    }
  }
}

main();
