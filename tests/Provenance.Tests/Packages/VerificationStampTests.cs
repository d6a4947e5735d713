using System;
using System.Collections.Generic;
using System.IO;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Provenance.Packages;
using Provenance.Tests.Capture;

namespace Provenance.Tests.Packages
{
    [TestClass]
    public sealed class VerificationStampTests
    {
        [TestMethod]
        public void An_unchanged_no_op_build_reuses_the_clean_summary()
        {
            using var scratch = new ScratchDirectory();
            var (folders, stamp, settings) = Arrange(scratch);

            VerificationStamp.Write(stamp, settings, folders, VerificationStamp.FilesDigest(folders), "3 of 3 verified");

            Assert.AreEqual("3 of 3 verified", VerificationStamp.TryReuse(stamp, settings));
        }

        [TestMethod]
        public void A_file_changed_in_the_packages_folder_forces_a_full_verification()
        {
            using var scratch = new ScratchDirectory();
            var (folders, stamp, settings) = Arrange(scratch);
            VerificationStamp.Write(stamp, settings, folders, VerificationStamp.FilesDigest(folders), "clean");
            string dll = Path.Combine(folders[0], "lib", "net10.0", "Acme.dll");

            File.WriteAllText(dll, "tampered!");          // same length as before
            File.SetLastWriteTimeUtc(dll, DateTime.UtcNow.AddMinutes(1));

            Assert.IsNull(VerificationStamp.TryReuse(stamp, settings));
        }

        [TestMethod]
        public void A_file_added_to_a_package_folder_forces_a_full_verification()
        {
            using var scratch = new ScratchDirectory();
            var (folders, stamp, settings) = Arrange(scratch);
            VerificationStamp.Write(stamp, settings, folders, VerificationStamp.FilesDigest(folders), "clean");

            File.WriteAllText(Path.Combine(folders[1], "lib", "net10.0", "Extra.dll"), "x");

            Assert.IsNull(VerificationStamp.TryReuse(stamp, settings));
        }

        [TestMethod]
        public void Other_settings_force_a_full_verification()
        {
            using var scratch = new ScratchDirectory();
            var (folders, stamp, settings) = Arrange(scratch);
            VerificationStamp.Write(stamp, settings, folders, VerificationStamp.FilesDigest(folders), "clean");
            string key = scratch.File("keys/other.pub.pem", "another key");

            Assert.IsNull(VerificationStamp.TryReuse(stamp, VerificationStamp.SettingsDigest("policy Acme.*", new[] { key })));
        }

        [TestMethod]
        public void A_file_that_changed_while_verifying_is_never_stamped_as_verified()
        {
            using var scratch = new ScratchDirectory();
            var (folders, stamp, settings) = Arrange(scratch);
            string before = VerificationStamp.FilesDigest(folders)!;
            File.WriteAllText(Path.Combine(folders[0], "lib", "net10.0", "Acme.dll"), "changed during the build");

            VerificationStamp.Write(stamp, settings, folders, before, "clean");

            Assert.IsFalse(File.Exists(stamp));
            Assert.IsNull(VerificationStamp.TryReuse(stamp, settings));
        }

        private static (List<string> Folders, string Stamp, string Settings) Arrange(ScratchDirectory scratch)
        {
            var folders = new List<string>();
            foreach (string id in new[] { "acme.one", "acme.two", "acme.three" })
            {
                scratch.File($"packages/{id}/1.0.0/lib/net10.0/Acme.dll", "assembly");
                scratch.File($"packages/{id}/1.0.0/{id}.nuspec", "<package/>");
                folders.Add(Path.Combine(scratch.Path, "packages", id, "1.0.0"));
            }
            string key = scratch.File("keys/acme.pub.pem", "public key");
            return (folders, Path.Combine(scratch.Path, "obj", "verified.stamp"), VerificationStamp.SettingsDigest("policy Acme.*", new[] { key }));
        }
    }
}
