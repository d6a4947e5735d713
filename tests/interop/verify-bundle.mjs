// Verifies a Provenance.MSBuild bundle with sigstore-js (@sigstore/bundle + @sigstore/verify), a verifier
// we did not write, so that our reading of the Sigstore bundle and DSSE specs is checked by someone else's.
//
//   node verify-bundle.mjs <artifact> <bundle.json> <public-key.pem>
//
// Prints {"verified":true,...} and exits 0, or prints {"verified":false,"error":...} and exits 1
// (2 for usage errors). No network: the trusted root is empty and every threshold (tlog, ctlog,
// timestamps) is 0, because our bundles carry a public-key hint and no transparency-log entry.
import { createHash, createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { bundleFromJSON } from '@sigstore/bundle';
import { Verifier, toSignedEntity, toTrustMaterial } from '@sigstore/verify';

const IN_TOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json';
const IN_TOTO_STATEMENT_V1 = 'https://in-toto.io/Statement/v1';

function fail(message, exitCode = 1) {
  process.stdout.write(JSON.stringify({ verified: false, error: message }) + '\n');
  process.exit(exitCode);
}

const [artifactPath, bundlePath, keyPath] = process.argv.slice(2);
if (!artifactPath || !bundlePath || !keyPath || process.argv.length !== 5) {
  process.stderr.write('usage: node verify-bundle.mjs <artifact> <bundle.json> <public-key.pem>\n');
  process.exit(2);
}

try {
  const publicKey = createPublicKey(readFileSync(keyPath));
  // The cosign / sigstore-go convention our bundles follow: hint = base64(SHA-256(SPKI DER)).
  const expectedHint = createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('base64');

  const bundle = bundleFromJSON(JSON.parse(readFileSync(bundlePath, 'utf8')));
  if (bundle.content.$case !== 'dsseEnvelope') fail(`bundle content is ${bundle.content.$case}, not a DSSE envelope`);

  // Trust comes from the key we were given; the hint only has to name it. A hint that names another key
  // is a bug in our hint computation, so it fails here rather than being ignored.
  const keyFinder = (hint) => {
    if (hint !== expectedHint) throw new Error(`bundle hint ${hint} does not name the given key (${expectedHint})`);
    return { publicKey, validFor: () => true };
  };
  const emptyRoot = { mediaType: '', tlogs: [], certificateAuthorities: [], ctlogs: [], timestampAuthorities: [] };
  const trustMaterial = toTrustMaterial(emptyRoot, keyFinder);
  const verifier = new Verifier(trustMaterial, { tlogThreshold: 0, ctlogThreshold: 0, timestampThreshold: 0 });
  verifier.verify(toSignedEntity(bundle));

  // sigstore-js checks the DSSE signature only; what the statement claims about the artifact is ours to check.
  const envelope = bundle.content.dsseEnvelope;
  if (envelope.payloadType !== IN_TOTO_PAYLOAD_TYPE) fail(`payloadType is ${envelope.payloadType}`);
  const statement = JSON.parse(Buffer.from(envelope.payload).toString('utf8'));
  if (statement._type !== IN_TOTO_STATEMENT_V1) fail(`statement _type is ${statement._type}`);
  const artifactSha256 = createHash('sha256').update(readFileSync(artifactPath)).digest('hex');
  const subjects = Array.isArray(statement.subject) ? statement.subject : [];
  const match = subjects.find((s) => s && s.digest && s.digest.sha256 === artifactSha256);
  if (!match) fail(`no subject has the artifact's sha256 ${artifactSha256}`);

  process.stdout.write(JSON.stringify({
    verified: true,
    verifier: '@sigstore/verify',
    keyType: publicKey.asymmetricKeyType,
    hint: expectedHint,
    subject: match.name ?? null,
    sha256: artifactSha256,
    predicateType: statement.predicateType ?? null,
  }) + '\n');
} catch (error) {
  fail(`${error?.name ?? 'Error'}: ${error?.message ?? String(error)}${error?.fields ? ' ' + JSON.stringify(error.fields) : ''}`);
}
