using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;

namespace Provenance.MSBuild.Tests.Infrastructure
{
    /// <summary>How one producer package of <see cref="AcmeFeed"/> is packed.</summary>
    public enum ProducerSigning
    {
        /// <summary>ProvenanceSigningKeyFile = the feed's Acme key (the one consumers trust).</summary>
        AcmeKey,

        /// <summary>ProvenanceSigningKeyFile = a second Acme key (trusted too; a change of signer for the lock file).</summary>
        AcmeNextKey,

        /// <summary>ProvenanceSigningKeyFile = a key no consumer trusts.</summary>
        MalloryKey,

        /// <summary>No key configured: the per-user development key.</summary>
        DevelopmentKey,

        /// <summary>References Provenance.MSBuild with ProvenanceEnabled=false.</summary>
        ProvenanceDisabled,

        /// <summary>Does not reference Provenance.MSBuild at all: a third-party package.</summary>
        NoProvenancePackage,

        /// <summary>Signed with the Acme key (so it verifies), and ships build files that try to switch the gate off.</summary>
        AcmeKeyHostile,

        /// <summary>No provenance, and build files that try to switch the gate off.</summary>
        NoProvenanceHostile,
    }

    /// <summary>
    /// A local folder feed of small producer packages, packed once per run by one `dotnet pack` of a solution in a
    /// git repository whose origin is <see cref="SourceRepository"/>. Consumer scenarios restore from it into packages
    /// folders of their own, so one feed serves every outcome (verified, untrusted, not attested, development key, ...).
    /// </summary>
    public sealed class AcmeFeed
    {
        public const string SourceRepository = "https://github.com/acme/lib";

        /// <summary>Id, version and signing of every package the feed holds.</summary>
        public static readonly IReadOnlyList<(string Id, string Version, ProducerSigning Signing)> Packages = new[]
        {
            ("Acme.Lib", "1.2.3", ProducerSigning.AcmeKey),
            ("Acme.Lib", "1.3.0", ProducerSigning.AcmeNextKey),
            ("Acme.Untrusted", "1.0.0", ProducerSigning.MalloryKey),
            ("Acme.NoProvenance", "1.0.0", ProducerSigning.ProvenanceDisabled),
            ("Acme.DevKey", "1.0.0", ProducerSigning.DevelopmentKey),
            ("Other.Attested", "1.0.0", ProducerSigning.AcmeKey),
            ("Other.Plain", "1.0.0", ProducerSigning.NoProvenancePackage),
            ("Evil.Switch", "1.0.0", ProducerSigning.AcmeKeyHostile),
            ("Evil.Unattested", "1.0.0", ProducerSigning.NoProvenanceHostile),
        };

        private static readonly Lazy<AcmeFeed> LazyInstance = new Lazy<AcmeFeed>(PackOnce, LazyThreadSafetyMode.ExecutionAndPublication);

        private AcmeFeed(string directory, KeyPair acme, KeyPair acmeNext, KeyPair mallory, string developmentPublicKeyPath, CommandResult pack)
        {
            Directory = directory;
            Acme = acme;
            AcmeNext = acmeNext;
            Mallory = mallory;
            DevelopmentPublicKeyPath = developmentPublicKeyPath;
            Pack = pack;
        }

        /// <summary>The feed packed for this run (on first use; a failed pack fails every test that needs it).</summary>
        public static AcmeFeed Instance => LazyInstance.Value;

        /// <summary>The folder feed: every package and its .nupkg.sigstore.json.</summary>
        public string Directory { get; }

        public KeyPair Acme { get; }
        public KeyPair AcmeNext { get; }
        public KeyPair Mallory { get; }

        /// <summary>SPKI public key of the development key that signed Acme.DevKey.</summary>
        public string DevelopmentPublicKeyPath { get; }

        /// <summary>The `dotnet pack` that made the feed.</summary>
        public CommandResult Pack { get; }

        public string PackagePath(string id, string version) => Path.Combine(Directory, id + "." + version + ".nupkg");

        /// <summary>Copies one package (and its bundle) into another folder feed, e.g. to sign it there.</summary>
        public string CopyPackageTo(string id, string version, string feedDirectory)
        {
            System.IO.Directory.CreateDirectory(feedDirectory);
            string source = PackagePath(id, version);
            string target = Path.Combine(feedDirectory, Path.GetFileName(source));
            File.Copy(source, target, overwrite: true);
            if (File.Exists(source + ".sigstore.json")) File.Copy(source + ".sigstore.json", target + ".sigstore.json", overwrite: true);
            return target;
        }

        private static AcmeFeed PackOnce()
        {
            var log = new StringBuilder();
            Sandbox sandbox = Sandbox.Create("AcmeFeed", line => { lock (log) log.AppendLine(line); });
            string feed = Path.Combine(sandbox.Directory, "feed");
            System.IO.Directory.CreateDirectory(feed);
            KeyPair acme = OpenSslKeys.Generate(sandbox, "acme", KeyKind.Ed25519);
            KeyPair acmeNext = OpenSslKeys.Generate(sandbox, "acme-next", KeyKind.P256);
            KeyPair mallory = OpenSslKeys.Generate(sandbox, "mallory", KeyKind.Ed25519);

            var solution = new StringBuilder("<Solution>\n");
            foreach ((string id, string version, ProducerSigning signing) in Packages)
            {
                string projectName = id + "." + version;
                string directory = "producers/" + projectName;
                string? key = signing switch
                {
                    ProducerSigning.AcmeKey or ProducerSigning.AcmeKeyHostile => acme.PrivateKeyPath,
                    ProducerSigning.AcmeNextKey => acmeNext.PrivateKeyPath,
                    ProducerSigning.MalloryKey => mallory.PrivateKeyPath,
                    _ => null,
                };
                var properties = new StringBuilder();
                properties.Append($"<AssemblyName>{id}</AssemblyName><RootNamespace>{id}</RootNamespace><PackageId>{id}</PackageId><Version>{version}</Version>");
                properties.Append($"<PackageOutputPath>{System.Security.SecurityElement.Escape(feed)}</PackageOutputPath>");
                if (key != null) properties.Append($"<ProvenanceSigningKeyFile>{System.Security.SecurityElement.Escape(key)}</ProvenanceSigningKeyFile>");
                if (signing == ProducerSigning.ProvenanceDisabled) properties.Append("<ProvenanceEnabled>false</ProvenanceEnabled>");
                sandbox.WriteFile(directory + "/Class1.cs",
                    "namespace " + id + "\n{\n    public static class Class1\n    {\n        public static string Hello() => \"Hello from " + id + " " + version + "\";\n    }\n}\n");
                string items = "";
                if (signing == ProducerSigning.AcmeKeyHostile || signing == ProducerSigning.NoProvenanceHostile)
                    items = HostileBuildFiles.WriteInto(sandbox, directory, id);
                sandbox.WriteProject(directory, projectName, properties: properties.ToString(), items: items,
                    provenance: signing != ProducerSigning.NoProvenancePackage && signing != ProducerSigning.NoProvenanceHostile);
                solution.Append($"  <Project Path=\"{directory}/{projectName}.csproj\" />\n");
            }

            solution.Append("</Solution>\n");
            sandbox.WriteFile("producers.slnx", solution.ToString());
            sandbox.InitGitRepository(SourceRepository);

            CommandResult pack = sandbox.DotNet("pack", "producers.slnx", "-c", "Release");
            File.WriteAllText(Path.Combine(sandbox.Directory, "pack.log"), log.ToString());
            if (!pack.Succeeded) throw new InvalidOperationException("Packing the Acme producer packages failed; no consumer scenario can run.\n" + pack);
            string[] missing = Packages.Select(p => Path.Combine(feed, p.Id + "." + p.Version + ".nupkg")).Where(p => !File.Exists(p)).ToArray();
            if (missing.Length > 0) throw new InvalidOperationException("The Acme producer pack did not write " + string.Join(", ", missing) + "\n" + pack);

            string developmentKey = Path.Combine(sandbox.ConfigHome, "Provenance.MSBuild", "development-key.pem");
            if (!File.Exists(developmentKey)) throw new InvalidOperationException("Packing Acme.DevKey did not create the development key " + developmentKey + "\n" + pack);
            string developmentPublicKey = OpenSslKeys.ExtractPublicKey(sandbox, developmentKey, "development");
            return new AcmeFeed(feed, acme, acmeNext, mallory, developmentPublicKey, pack);
        }
    }
}
