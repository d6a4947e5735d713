// Verifies a Provenance.MSBuild verification summary (SLSA VSA v1, docs/vsa-v1.md) with sigstore-js, a verifier we
// did not write. verify-bundle.mjs cannot: it matches an artifact's sha256, and a summary's subjects are restored
// packages named by NuGet's sha512 content hash, of which the verifier has no file.
//
//   node verify-vsa-bundle.mjs <bundle.json> <public-key.pem> <package sha512 hex>
//
// Prints {"verified":true,...} and exits 0, or {"verified":false,"error":...} and exits 1 (2 for usage errors).
// As in verify-bundle.mjs (the checks both share are in bundle-checks.mjs): no network, an empty trusted root,
// every threshold 0 (the bundle names a public key).
import { argumentsOrUsage, describe, fail, subjectWithDigest, verified, verifyKeySignedStatement } from './bundle-checks.mjs';

const VSA_V1 = 'https://slsa.dev/verification_summary/v1';

const [bundlePath, keyPath, sha512] = argumentsOrUsage('node verify-vsa-bundle.mjs <bundle.json> <public-key.pem> <package sha512 hex>', 3);

try {
  // The signature is sigstore-js's to check; that the statement is a VSA about this package is ours.
  const { publicKey, hint, statement } = verifyKeySignedStatement(bundlePath, keyPath);
  if (statement.predicateType !== VSA_V1) fail(`predicateType is ${statement.predicateType}`);
  const match = subjectWithDigest(statement, 'sha512', sha512);
  if (!match) fail(`no subject has the sha512 ${sha512}`);
  const predicate = statement.predicate ?? {};

  verified({
    keyType: publicKey.asymmetricKeyType,
    hint,
    subject: match.name ?? null,
    predicateType: statement.predicateType,
    verificationResult: predicate.verificationResult ?? null,
    verifierId: predicate.verifier?.id ?? null,
  });
} catch (error) {
  fail(describe(error));
}
