// What the sigstore-js verifier scripts share: reading a DSSE bundle, trusting exactly one given public key (the
// bundle's hint must name it), the in-toto checks that are ours rather than sigstore-js's, and the one-line JSON
// answer. Not a script: imported by verify-bundle.mjs, verify-vsa-bundle.mjs and verify-sigstore-bundle.mjs.
import { createHash, createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { bundleFromJSON } from '@sigstore/bundle';
import { Verifier, toSignedEntity, toTrustMaterial } from '@sigstore/verify';

const IN_TOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json';
const IN_TOTO_STATEMENT_V1 = 'https://in-toto.io/Statement/v1';

/** Prints {"verified":false,"error":...} and exits (1: not verified, 2: usage). */
export function fail(message, exitCode = 1) {
  process.stdout.write(JSON.stringify({ verified: false, error: message }) + '\n');
  process.exit(exitCode);
}

/** Prints {"verified":true,...} (the verifier named first). */
export function verified(fields) {
  process.stdout.write(JSON.stringify({ verified: true, verifier: '@sigstore/verify', ...fields }) + '\n');
}

/** Exits 2 with the usage line unless every one of the script's arguments is there. */
export function argumentsOrUsage(usage, count) {
  const args = process.argv.slice(2);
  if (args.length !== count || args.some((a) => !a)) {
    process.stderr.write(`usage: ${usage}\n`);
    process.exit(2);
  }
  return args;
}

/** The bundle parsed and validated by @sigstore/bundle; anything but a DSSE envelope fails. */
export function readDsseBundle(bundlePath) {
  const bundle = bundleFromJSON(JSON.parse(readFileSync(bundlePath, 'utf8')));
  if (bundle.content.$case !== 'dsseEnvelope') fail(`bundle content is ${bundle.content.$case}, not a DSSE envelope`);
  return bundle;
}

/**
 * The key in the PEM file and a sigstore-js key finder that trusts it. Trust comes from the key we were given; the
 * hint only has to name it (the cosign / sigstore-go convention our bundles follow: base64(SHA-256(SPKI DER))). A
 * hint that names another key is a bug in our hint computation, so it fails rather than being ignored.
 */
export function trustedKey(keyPath) {
  const publicKey = createPublicKey(readFileSync(keyPath));
  const hint = createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('base64');
  const keyFinder = (given) => {
    if (given !== hint) throw new Error(`bundle hint ${given} does not name the given key (${hint})`);
    return { publicKey, validFor: () => true };
  };
  return { publicKey, hint, keyFinder };
}

/**
 * A key-signed bundle checked by sigstore-js with that key alone: no network, an empty trusted root, every threshold
 * (tlog, ctlog, timestamps) 0, because such bundles carry a public-key hint and no transparency-log entry. Then the
 * envelope must hold an in-toto v1 statement, which is returned with the key.
 */
export function verifyKeySignedStatement(bundlePath, keyPath) {
  const { publicKey, hint, keyFinder } = trustedKey(keyPath);
  const bundle = readDsseBundle(bundlePath);
  const emptyRoot = { mediaType: '', tlogs: [], certificateAuthorities: [], ctlogs: [], timestampAuthorities: [] };
  const verifier = new Verifier(toTrustMaterial(emptyRoot, keyFinder), { tlogThreshold: 0, ctlogThreshold: 0, timestampThreshold: 0 });
  verifier.verify(toSignedEntity(bundle));

  // sigstore-js checks the DSSE signature only; what the statement claims is ours to check.
  const envelope = bundle.content.dsseEnvelope;
  if (envelope.payloadType !== IN_TOTO_PAYLOAD_TYPE) fail(`payloadType is ${envelope.payloadType}`);
  const statement = JSON.parse(Buffer.from(envelope.payload).toString('utf8'));
  if (statement._type !== IN_TOTO_STATEMENT_V1) fail(`statement _type is ${statement._type}`);
  return { publicKey, hint, statement };
}

/** The hex SHA-256 of a file. */
export function sha256File(path) {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** The statement's first subject whose digest[algorithm] is the given hex, or undefined. */
export function subjectWithDigest(statement, algorithm, hex) {
  const subjects = Array.isArray(statement.subject) ? statement.subject : [];
  return subjects.find((s) => s?.digest?.[algorithm] === hex);
}

/** An error as one line (sigstore-js errors carry a name and sometimes fields). */
export function describe(error) {
  return `${error?.name ?? 'Error'}: ${error?.message ?? String(error)}${error?.fields ? ' ' + JSON.stringify(error.fields) : ''}`;
}
