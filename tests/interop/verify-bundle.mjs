// Verifies a Provenance.MSBuild bundle with sigstore-js (@sigstore/bundle + @sigstore/verify), a verifier
// we did not write, so that our reading of the Sigstore bundle and DSSE specs is checked by someone else's.
//
//   node verify-bundle.mjs <artifact> <bundle.json> <public-key.pem>
//
// Prints {"verified":true,...} and exits 0, or prints {"verified":false,"error":...} and exits 1
// (2 for usage errors). No network: the trusted root is empty and every threshold (tlog, ctlog,
// timestamps) is 0, because our bundles carry a public-key hint and no transparency-log entry
// (bundle-checks.mjs, shared with verify-vsa-bundle.mjs).
import { argumentsOrUsage, describe, fail, sha256File, subjectWithDigest, verified, verifyKeySignedStatement } from './bundle-checks.mjs';

const [artifactPath, bundlePath, keyPath] = argumentsOrUsage('node verify-bundle.mjs <artifact> <bundle.json> <public-key.pem>', 3);

try {
  const { publicKey, hint, statement } = verifyKeySignedStatement(bundlePath, keyPath);
  const artifactSha256 = sha256File(artifactPath);
  const match = subjectWithDigest(statement, 'sha256', artifactSha256);
  if (!match) fail(`no subject has the artifact's sha256 ${artifactSha256}`);

  verified({
    keyType: publicKey.asymmetricKeyType,
    hint,
    subject: match.name ?? null,
    sha256: artifactSha256,
    predicateType: statement.predicateType ?? null,
  });
} catch (error) {
  fail(describe(error));
}
