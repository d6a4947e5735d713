// Verifies a Provenance.MSBuild verification summary (SLSA VSA v1, docs/vsa-v1.md) with sigstore-js, a verifier we
// did not write. verify-bundle.mjs cannot: it matches an artifact's sha256, and a summary's subjects are restored
// packages named by NuGet's sha512 content hash, of which the verifier has no file.
//
//   node verify-vsa-bundle.mjs <bundle.json> <public-key.pem> <package sha512 hex>
//
// Prints {"verified":true,...} and exits 0, or {"verified":false,"error":...} and exits 1 (2 for usage errors).
// As in verify-bundle.mjs: no network, an empty trusted root, every threshold 0 (the bundle names a public key).
import { createHash, createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { bundleFromJSON } from '@sigstore/bundle';
import { Verifier, toSignedEntity, toTrustMaterial } from '@sigstore/verify';

const IN_TOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json';
const IN_TOTO_STATEMENT_V1 = 'https://in-toto.io/Statement/v1';
const VSA_V1 = 'https://slsa.dev/verification_summary/v1';

function fail(message, exitCode = 1) {
  process.stdout.write(JSON.stringify({ verified: false, error: message }) + '\n');
  process.exit(exitCode);
}

const [bundlePath, keyPath, sha512] = process.argv.slice(2);
if (!bundlePath || !keyPath || !sha512 || process.argv.length !== 5) {
  process.stderr.write('usage: node verify-vsa-bundle.mjs <bundle.json> <public-key.pem> <package sha512 hex>\n');
  process.exit(2);
}

try {
  const publicKey = createPublicKey(readFileSync(keyPath));
  const expectedHint = createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('base64');

  const bundle = bundleFromJSON(JSON.parse(readFileSync(bundlePath, 'utf8')));
  if (bundle.content.$case !== 'dsseEnvelope') fail(`bundle content is ${bundle.content.$case}, not a DSSE envelope`);

  const keyFinder = (hint) => {
    if (hint !== expectedHint) throw new Error(`bundle hint ${hint} does not name the given key (${expectedHint})`);
    return { publicKey, validFor: () => true };
  };
  const emptyRoot = { mediaType: '', tlogs: [], certificateAuthorities: [], ctlogs: [], timestampAuthorities: [] };
  const verifier = new Verifier(toTrustMaterial(emptyRoot, keyFinder), { tlogThreshold: 0, ctlogThreshold: 0, timestampThreshold: 0 });
  verifier.verify(toSignedEntity(bundle));

  // The signature is sigstore-js's to check; that the statement is a VSA about this package is ours.
  const envelope = bundle.content.dsseEnvelope;
  if (envelope.payloadType !== IN_TOTO_PAYLOAD_TYPE) fail(`payloadType is ${envelope.payloadType}`);
  const statement = JSON.parse(Buffer.from(envelope.payload).toString('utf8'));
  if (statement._type !== IN_TOTO_STATEMENT_V1) fail(`statement _type is ${statement._type}`);
  if (statement.predicateType !== VSA_V1) fail(`predicateType is ${statement.predicateType}`);
  const subjects = Array.isArray(statement.subject) ? statement.subject : [];
  const match = subjects.find((s) => s && s.digest && s.digest.sha512 === sha512);
  if (!match) fail(`no subject has the sha512 ${sha512}`);
  const predicate = statement.predicate ?? {};

  process.stdout.write(JSON.stringify({
    verified: true,
    verifier: '@sigstore/verify',
    keyType: publicKey.asymmetricKeyType,
    hint: expectedHint,
    subject: match.name ?? null,
    predicateType: statement.predicateType,
    verificationResult: predicate.verificationResult ?? null,
    verifierId: predicate.verifier?.id ?? null,
  }) + '\n');
} catch (error) {
  fail(`${error?.name ?? 'Error'}: ${error?.message ?? String(error)}${error?.fields ? ' ' + JSON.stringify(error.fields) : ''}`);
}
