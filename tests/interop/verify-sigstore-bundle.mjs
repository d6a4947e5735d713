// Verifies a certificate-signed Provenance.MSBuild bundle (keyless through Fulcio, or one's own PKI) with sigstore-js
// (@sigstore/bundle + @sigstore/verify) against a trusted root: the chain to its CAs at the signing time, SCTs
// against its CT logs, Rekor entries (SET + inclusion proof + checkpoint) against its logs, RFC 3161 timestamps
// against its TSAs, and the signer's identity.
//
//   node verify-sigstore-bundle.mjs <artifact> <bundle.json> <trusted_root.json>
//        [--tlog N] [--ctlog N] [--timestamps N] [--identity SAN] [--issuer URL] [--key public.pem]
//
// --key checks a key-signed bundle (hint = base64 SHA-256 of the SPKI) whose timestamps and log entries are checked
// against the trusted root, e.g. a key-signed bundle with an RFC 3161 timestamp.
//
// Thresholds default to 1 tlog entry, 1 SCT and 1 timestamp (sigstore-js's defaults); a bundle from a private CA
// without CT or Rekor is checked with --ctlog 0 --tlog 0. A Rekor entry with a signed entry timestamp counts as a
// timestamp, as in sigstore-js. Prints {"verified":true,...} and exits 0, or {"verified":false,"error":...} and
// exits 1 (2 for usage errors).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Verifier, toSignedEntity, toTrustMaterial } from '@sigstore/verify';
import { fail, readDsseBundle, sha256File, subjectWithDigest, trustedKey, verified } from './bundle-checks.mjs';

const require = createRequire(import.meta.url);
const { TrustedRoot } = require('@sigstore/protobuf-specs');

const args = process.argv.slice(2);
const [artifactPath, bundlePath, rootPath] = args;
if (!artifactPath || !bundlePath || !rootPath || args.length % 2 === 0) {
  process.stderr.write('usage: node verify-sigstore-bundle.mjs <artifact> <bundle.json> <trusted_root.json> [--tlog N] [--ctlog N] [--timestamps N] [--identity SAN] [--issuer URL] [--key public.pem]\n');
  process.exit(2);
}
const options = {};
for (let i = 3; i < args.length; i += 2) options[args[i].replace(/^--/, '')] = args[i + 1];
const threshold = (name) => (options[name] === undefined ? 1 : Number(options[name]));

try {
  const bundle = readDsseBundle(bundlePath);
  const trustedRoot = TrustedRoot.fromJSON(JSON.parse(readFileSync(rootPath, 'utf8')));
  const keyFinder = options.key ? trustedKey(options.key).keyFinder : undefined;
  const verifier = new Verifier(toTrustMaterial(trustedRoot, keyFinder), {
    tlogThreshold: threshold('tlog'),
    ctlogThreshold: threshold('ctlog'),
    timestampThreshold: threshold('timestamps'),
  });
  const policy = {};
  if (options.identity) policy.subjectAlternativeName = options.identity;
  if (options.issuer) policy.extensions = { issuer: options.issuer };
  const signer = verifier.verify(toSignedEntity(bundle), policy);

  // sigstore-js checks signatures and identity; what the statement says about the artifact is ours to check.
  const statement = JSON.parse(Buffer.from(bundle.content.dsseEnvelope.payload).toString('utf8'));
  const artifactSha256 = sha256File(artifactPath);
  const match = subjectWithDigest(statement, 'sha256', artifactSha256);
  if (!match) fail(`no subject has the artifact's sha256 ${artifactSha256}`);

  verified({
    identity: signer.identity?.subjectAlternativeName ?? null,
    issuer: signer.identity?.extensions?.issuer ?? null,
    tlogEntries: bundle.verificationMaterial.tlogEntries.length,
    timestamps: bundle.verificationMaterial.timestampVerificationData?.rfc3161Timestamps?.length ?? 0,
    subject: match.name ?? null,
  });
} catch (error) {
  fail(`${error?.name ?? 'Error'}: ${error?.code ?? ''} ${error?.message ?? String(error)}`);
}
