using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Provenance.Cli.Tests.Infrastructure;

namespace Provenance.Cli.Tests
{
    /// <summary>
    /// The 56 bundle-verify cases of the Sigstore client conformance suite (../shared/interop/sigstore-conformance),
    /// each run through `dotnet-provenance verify` in process, with the flags its README prescribes: key.pub as --key,
    /// else --certificate-identity and --certificate-oidc-issuer (the case's identity/issuer files or the suite's
    /// defaults); trusted_root.json as --trusted-root (else the embedded public-good root); the case's artifact or
    /// ../a.txt. A case named *_fail must be rejected (exit 1, a PROV2xxx code; or exit 2 where an input is refused, see
    /// RefusedAsInput); every other must verify (exit 0).
    /// One test result per case.
    /// </summary>
    [TestClass]
    public sealed class ConformanceThroughCliTests
    {
        private const string Missing = "(interop data missing)";
        private const string DefaultIdentity =
            "https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main";
        private const string DefaultIssuer = "https://token.actions.githubusercontent.com";

        /// <summary>
        /// Rejected before any verification because an input is not what it claims to be: the CLI's contract makes that
        /// "unreadable input" (exit 2), not "invalid" (exit 1). managed-key-wrong-key_fail's key.pub is a P-256 key whose
        /// point is not on the curve (PROV3003, as any --key that is no key); trust-root-tlog-missing-validity-start_fail's
        /// trusted root has a validFor without its start (PROV3011: a trusted root that cannot be used is a configuration
        /// error, and never a fall-back to public-good). The suite counts any refusal; sigstore-js accepts the latter.
        /// </summary>
        private static readonly Dictionary<string, (int Exit, string Code)> RefusedAsInput = new Dictionary<string, (int, string)>(StringComparer.Ordinal)
        {
            ["managed-key-wrong-key_fail"] = (2, "PROV3003"),
            ["trust-root-tlog-missing-validity-start_fail"] = (2, "PROV3011"),
        };

        public static IEnumerable<object[]> Cases
        {
            get
            {
                string? folder = CasesFolder();
                if (folder == null || !Directory.Exists(folder)) return new[] { new object[] { Missing } };
                return Directory.GetDirectories(folder).Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal)
                    .Select(n => new object[] { n! }).ToList();
            }
        }

        [TestMethod]
        [DynamicData(nameof(Cases))]
        public void Case_meets_its_expected_outcome_through_the_cli(string name)
        {
            string root = RequireCasesFolder();
            string folder = Path.Combine(root, name);
            string[] args = ArgumentsFor(folder, root);

            CliResult result = CliResult.Run(args);

            string run = "dotnet-provenance " + string.Join(" ", args.Select(a => a.Contains(' ') ? "\"" + a + "\"" : a)) + "\n" + result;
            if (!name.EndsWith("_fail", StringComparison.Ordinal))
            {
                Assert.AreEqual(0, result.ExitCode, $"{name} must verify: {run}");
                StringAssert.StartsWith(result.Stdout, "verified: ", run);
            }
            else if (RefusedAsInput.TryGetValue(name, out var refused))
            {
                Assert.AreEqual(refused.Exit, result.ExitCode, $"{name} must be refused: {run}");
                StringAssert.StartsWith(result.Stderr, $"error {refused.Code}: ", run);
            }
            else
            {
                Assert.AreEqual(1, result.ExitCode, $"{name} must be rejected as invalid: {run}");
                StringAssert.StartsWith(result.Stderr, "error PROV2", run);
                Assert.AreEqual("", result.Stdout, run);
            }
            Console.WriteLine(run);
        }

        [TestMethod]
        public void All_56_cases_are_present()
        {
            string root = RequireCasesFolder();
            Assert.AreEqual(56, Directory.GetDirectories(root).Length, "the conformance suite at a73de4970176 has 56 bundle-verify cases");
        }

        /// <summary>The flags the case's README prescribes, as a user would type them.</summary>
        private static string[] ArgumentsFor(string folder, string root)
        {
            string artifact = File.Exists(Path.Combine(folder, "artifact")) ? Path.Combine(folder, "artifact") : Path.Combine(root, "a.txt");
            var args = new List<string> { "verify", artifact, "--bundle", Path.Combine(folder, "bundle.sigstore.json") };
            string key = Path.Combine(folder, "key.pub");
            if (File.Exists(key))
            {
                args.AddRange(new[] { "--key", key });
            }
            else
            {
                args.AddRange(new[] { "--certificate-identity", ReadOptional(Path.Combine(folder, "identity")) ?? DefaultIdentity });
                args.AddRange(new[] { "--certificate-oidc-issuer", ReadOptional(Path.Combine(folder, "issuer")) ?? DefaultIssuer });
            }
            string trustedRoot = Path.Combine(folder, "trusted_root.json");
            if (File.Exists(trustedRoot)) args.AddRange(new[] { "--trusted-root", trustedRoot });
            return args.ToArray();
        }

        private static string? ReadOptional(string path) => File.Exists(path) ? File.ReadAllText(path, Encoding.UTF8).Trim() : null;

        /// <summary>../shared/interop/sigstore-conformance/bundle-verify beside the clone (the folder holding Provenance.MSBuild.sln).</summary>
        private static string? CasesFolder()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Provenance.MSBuild.sln")))
                    return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "interop", "sigstore-conformance", "bundle-verify"));
            }
            return null;
        }

        /// <summary>Under CI=true a missing folder fails the run; elsewhere the cases are inconclusive and say why.</summary>
        private static string RequireCasesFolder()
        {
            string? folder = CasesFolder();
            if (folder != null && Directory.Exists(folder)) return folder;
            string why = folder == null
                ? "Provenance.MSBuild.sln was not found above " + AppContext.BaseDirectory + ", so ../shared/interop cannot be located"
                : $"the Sigstore conformance cases are missing: {folder} does not exist (../shared/interop beside the repository)";
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
                Assert.Fail(why + "; under CI=true they must run.");
            Assert.Inconclusive(why + "; these cases did not run.");
            return folder!;
        }
    }
}
