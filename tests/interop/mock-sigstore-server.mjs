// Serves Sigstore's own test doubles (@sigstore/mock: the Fulcio, Rekor and TSA handlers sigstore-js tests against)
// over HTTP on 127.0.0.1, so keyless signing is proven offline against services we did not write.
//
//   node mock-sigstore-server.mjs [--max-seconds N] [--claims '<json>']
//
// Prints one JSON line on stdout when ready:
//   {"url":"http://127.0.0.1:PORT","oidcRequestUrl":"...","oidcRequestToken":"...","trustedRoot":"<url>/trusted_root.json"}
// and stops when stdin closes (the test that started it ended) or after --max-seconds (default 600), whichever is
// first, so a crashed test run never leaves it behind.
//
// Routes:
//   POST /api/v2/signingCert   Fulcio (the mock decodes the JWT without checking its signature, as a test double)
//   POST /api/v1/log/entries   Rekor v1. The mock logs the proposed entry as given; real Rekor logs its canonical
//                              form (payload/envelope hashes, signatures with their verifier), which is what verifiers
//                              compare against the bundle, so dsse entries are canonicalized here first, after the
//                              DSSE signature is checked with the submitted verifier as Rekor does.
//   POST /api/v1/timestamp     RFC 3161. The mock reads Sigstore's JSON request form; a DER TimeStampReq
//                              (application/timestamp-query, what RFC 3161 clients send) is translated to it.
//   GET  /oidc/token           a GitHub-Actions-shaped OIDC token endpoint (bearer request token, ?audience=sigstore)
//   GET  /trusted_root.json    the trusted root naming the mock CA, CT log, Rekor key and TSA chain
import { createHash, createPublicKey, generateKeyPairSync, verify as cryptoVerify, X509Certificate } from 'node:crypto';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const mock = require('@sigstore/mock');
const pkijs = require('pkijs');

const args = process.argv.slice(2);
function option(name, fallback) {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
}
const maxSeconds = Math.min(Math.max(Number(option('--max-seconds', '600')) || 600, 1), 3600);
const claimsOverride = JSON.parse(option('--claims', '{}'));

const keyPair = () => generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const requestToken = createHash('sha256').update(String(Math.random()) + Date.now()).digest('hex');
const started = new Date(Date.now() - 60_000); // validFor.start: a minute of slack for clocks

const server = createServer();
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${server.address().port}`;

const ctKeys = keyPair();
const ctlog = await mock.initializeCTLog(ctKeys);
const ca = await mock.initializeCA(keyPair(), ctlog);
const fulcio = mock.fulcioHandler(ca, { strict: true });
const tlogKeys = keyPair();
const tlog = await mock.initializeTLog(base, tlogKeys);
const rekor = mock.rekorHandler(tlog, { strict: true });
const tsa = await mock.initializeTSA(keyPair());
// The mock stamps genTime with milliseconds, which DER writes without trailing zeros ("...05.12Z"); sigstore-js's
// parser only reads exactly three digits, so one timestamp in ten failed with "invalid time". Whole seconds (no
// fraction) are read by every verifier; the value is never earlier than the certificate's notBefore (also seconds).
tsa.getCurrentTime = () => new Date(Math.floor(Date.now() / 1000) * 1000);
const timestamp = mock.tsaHandler(tsa, { strict: true });

const b64 = (bytes) => Buffer.from(bytes.buffer ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) : bytes).toString('base64');
const ecKey = (spki) => ({ rawBytes: b64(spki), keyDetails: 'PKIX_ECDSA_P256_SHA_256', validFor: { start: started.toISOString() } });
const spkiOf = (keys) => keys.publicKey.export({ format: 'der', type: 'spki' });
const trustedRoot = {
  mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
  tlogs: [{ baseUrl: base, hashAlgorithm: 'SHA2_256', publicKey: ecKey(spkiOf(tlogKeys)),
    logId: { keyId: createHash('sha256').update(spkiOf(tlogKeys)).digest('base64') } }],
  certificateAuthorities: [{ subject: { organization: 'sigstore.mock', commonName: 'sigstore' }, uri: base,
    certChain: { certificates: [{ rawBytes: b64(ca.rootCertificate) }] }, validFor: { start: started.toISOString() } }],
  ctlogs: [{ baseUrl: base, hashAlgorithm: 'SHA2_256', publicKey: ecKey(spkiOf(ctKeys)), logId: { keyId: b64(ctlog.logID) } }],
  timestampAuthorities: [{ subject: { organization: 'sigstore.mock', commonName: 'tsa' }, uri: base,
    certChain: { certificates: [{ rawBytes: b64(tsa.intCertificate) }, { rawBytes: b64(tsa.rootCertificate) }] },
    validFor: { start: started.toISOString() } }],
};

// A GitHub Actions ID token's claims (https://docs.github.com/actions/reference/openid-connect-reference).
function githubToken() {
  const now = Math.floor(Date.now() / 1000);
  const claims = {
    iss: 'https://token.actions.githubusercontent.com', aud: 'sigstore',
    sub: 'repo:acme/widget:ref:refs/heads/main', ref: 'refs/heads/main', sha: 'a'.repeat(40),
    repository: 'acme/widget', repository_owner: 'acme', repository_id: '1', repository_owner_id: '2',
    repository_visibility: 'public', run_id: '42', run_attempt: '1', event_name: 'push', workflow: 'release',
    workflow_ref: 'acme/widget/.github/workflows/release.yml@refs/heads/main', workflow_sha: 'a'.repeat(40),
    job_workflow_ref: 'acme/widget/.github/workflows/release.yml@refs/heads/main', job_workflow_sha: 'a'.repeat(40),
    runner_environment: 'github-hosted', iat: now, nbf: now, exp: now + 300,
    ...claimsOverride,
  };
  const part = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
  // The mock Fulcio decodes without verifying, so the signature is a placeholder.
  return `${part({ alg: 'RS256', typ: 'JWT' })}.${part(claims)}.${Buffer.from('unsigned').toString('base64url')}`;
}

// Rekor's dsse v0.0.1 canonical body: what real Rekor stores after checking the envelope with the verifier.
function canonicalDsse(proposed) {
  const content = proposed?.spec?.proposedContent;
  if (proposed?.kind !== 'dsse' || proposed?.apiVersion !== '0.0.1' || !content) return proposed;
  const envelope = JSON.parse(content.envelope);
  const payload = Buffer.from(envelope.payload, 'base64');
  const pae = Buffer.concat([Buffer.from(`DSSEv1 ${Buffer.byteLength(envelope.payloadType)} ${envelope.payloadType} ${payload.length} `), payload]);
  const signatures = envelope.signatures.map((s) => {
    const verifier = content.verifiers.find((v) => {
      const pem = Buffer.from(v, 'base64').toString('utf8');
      const key = pem.includes('CERTIFICATE') ? new X509Certificate(pem).publicKey : createPublicKey(pem);
      return cryptoVerify(key.asymmetricKeyType === 'ed25519' ? null : 'sha256', pae, key, Buffer.from(s.sig, 'base64'));
    });
    if (!verifier) throw new Error('all signatures must have a key that verifies it');
    return { signature: s.sig, verifier };
  }).sort((a, b) => (a.signature < b.signature ? -1 : 1));
  const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');
  return { apiVersion: '0.0.1', kind: 'dsse', spec: {
    envelopeHash: { algorithm: 'sha256', value: sha256(Buffer.from(content.envelope)) },
    payloadHash: { algorithm: 'sha256', value: sha256(payload) },
    signatures } };
}

// DER TimeStampReq -> the JSON request the mock TSA reads.
function timestampJson(der) {
  const req = pkijs.TimeStampReq.fromBER(new Uint8Array(der).buffer);
  const oid = req.messageImprint.hashAlgorithm.algorithmId;
  const nonce = req.nonce ? BigInt('0x' + Buffer.from(req.nonce.valueBlock.valueHexView).toString('hex')) : undefined;
  if (nonce !== undefined && nonce > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error('the mock TSA holds nonces in a double: at most 2^53');
  return JSON.stringify({
    artifactHash: Buffer.from(req.messageImprint.hashedMessage.valueBlock.valueHexView).toString('base64'),
    hashAlgorithm: oid === '2.16.840.1.101.3.4.2.1' ? 'sha256' : oid === '2.16.840.1.101.3.4.2.2' ? 'sha384' : 'sha512',
    nonce: nonce === undefined ? undefined : Number(nonce),
    certificates: req.certReq ?? false,
  });
}

async function route(req, body) {
  const url = new URL(req.url, base);
  if (req.method === 'GET' && url.pathname === '/trusted_root.json') return [200, JSON.stringify(trustedRoot), 'application/json'];
  if (req.method === 'GET' && url.pathname === '/oidc/token') {
    if (req.headers.authorization !== `Bearer ${requestToken}`) return [401, 'bad request token', 'text/plain'];
    if (url.searchParams.get('audience') !== 'sigstore') return [400, 'audience must be sigstore', 'text/plain'];
    return [200, JSON.stringify({ value: githubToken() }), 'application/json'];
  }
  if (req.method !== 'POST') return [404, 'not found', 'text/plain'];
  let handler, input = body.toString('utf8');
  if (url.pathname === fulcio.path) handler = fulcio;
  else if (url.pathname === rekor.path) { handler = rekor; input = JSON.stringify(canonicalDsse(JSON.parse(input))); }
  else if (url.pathname === timestamp.path) {
    handler = timestamp;
    if ((req.headers['content-type'] ?? '').startsWith('application/timestamp-query')) input = timestampJson(body);
  } else return [404, 'not found', 'text/plain'];
  const { statusCode, response, contentType } = await handler.fn(input);
  return [statusCode, response, contentType ?? 'text/plain'];
}

server.on('request', (req, res) => {
  const chunks = [];
  let size = 0;
  req.on('data', (c) => { size += c.length; if (size <= 4 * 1024 * 1024) chunks.push(c); });
  req.on('end', async () => {
    let status, payload, type;
    try { [status, payload, type] = await route(req, Buffer.concat(chunks)); }
    catch (e) { [status, payload, type] = [400, String(e?.message ?? e), 'text/plain']; }
    res.writeHead(status, { 'Content-Type': type });
    res.end(typeof payload === 'string' ? payload : Buffer.from(payload));
  });
});

const stop = () => { server.close(); process.exit(0); };
process.stdin.on('end', stop);
process.stdin.on('close', stop);
process.stdin.resume();
setTimeout(stop, maxSeconds * 1000).unref();

process.stdout.write(JSON.stringify({
  url: base,
  oidcRequestUrl: `${base}/oidc/token?api-version=2.0`,
  oidcRequestToken: requestToken,
  trustedRoot: `${base}/trusted_root.json`,
}) + '\n');
