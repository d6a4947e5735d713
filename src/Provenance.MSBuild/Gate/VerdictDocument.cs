using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Provenance.Gate;
using Provenance.Json;
using Provenance.Keys;
using Provenance.Packages;

namespace Provenance.MSBuild.Gate
{
    /// <summary>
    /// The gate's verdict as a signed SLSA Verification Summary Attestation (docs/vsa-v1.md): what was decided, under
    /// which policy (its digest), per package, signed with the project's own signing key so that the verdict can be
    /// shown to someone who was not there. The consumer's own provenance names it (the chain).
    /// </summary>
    internal static class VerdictDocument
    {
        public static void Write(string path, string projectPath, IReadOnlyList<TrustedKey> keys, IReadOnlyList<ProvenancePolicyItem> policyItems,
            ProvenancePolicy policy, RestoreVerdict verdict, KeySettings signing)
        {
            var packages = verdict.Packages.Select(p => new VerificationSummaryPackage(p.Result, policy.Resolve(p.Result.Id))).ToList();
            var request = new VerificationSummaryRequest(ResourceUri(projectPath), CanonicalPolicy(keys, policyItems), packages);
            request.VerifierVersion["Provenance.MSBuild"] = ToolVersion.Value;
            request.TimeVerified = VerificationSummary.TimeVerifiedNow();
            SignerResolver.Validate(signing);
            VerificationSummary.Write(path, request, SignerResolver.Resolve(signing).Signer);
        }

        /// <summary>Keys by their hint (never a machine path), items as declared: the same policy digests the same anywhere.</summary>
        private static byte[] CanonicalPolicy(IReadOnlyList<TrustedKey> keys, IReadOnlyList<ProvenancePolicyItem> items) =>
            JsonWriter.ToUtf8Bytes(DeclaredPolicyJson.ToJson(keys.Select(k => k.Key.Hint).OrderBy(h => h, StringComparer.Ordinal), items));

        /// <summary>The project path relative to the git work tree that holds it (its file name outside git).</summary>
        private static string ResourceUri(string projectPath)
        {
            string full = Path.GetFullPath(projectPath);
            for (DirectoryInfo? directory = new FileInfo(full).Directory; directory != null; directory = directory.Parent)
            {
                if (Directory.Exists(Path.Combine(directory.FullName, ".git")) || File.Exists(Path.Combine(directory.FullName, ".git")))
                    return VerificationSummary.ProjectResourceUri(full.Substring(directory.FullName.TrimEnd(Path.DirectorySeparatorChar).Length + 1));
            }
            return VerificationSummary.ProjectResourceUri(Path.GetFileName(full));
        }
    }
}
