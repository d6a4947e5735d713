using System;
using System.IO;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Provenance.Gate;
using Provenance.Tests.Capture;

namespace Provenance.Tests.Gate
{
    /// <summary>
    /// The hand-over from a passed restore gate to the builds after it: reused only while every input and package file
    /// is as the gate left it, and never recorded when something changed while the gate ran.
    /// </summary>
    [TestClass]
    public sealed class GateStateTests
    {
        private static (ScratchDirectory scratch, string state, string[] inputs, string folder) Passed()
        {
            var scratch = new ScratchDirectory();
            string input = scratch.File("obj/project.assets.json", "{}");
            string folder = Path.GetDirectoryName(scratch.File("packages/acme.lib/1.0.0/lib/Acme.Lib.dll", "bytes"))!;
            folder = Path.GetDirectoryName(folder)!;
            string state = Path.Combine(scratch.Path, "obj", "gate");
            string[] inputs = { input };
            GateState.WritePass(state, inputs, GateState.DigestInputs(inputs), new[] { folder },
                Provenance.Packages.VerificationStamp.FilesDigest(new[] { folder }), "summary text", "settings-1");
            return (scratch, state, inputs, folder);
        }

        [TestMethod]
        public void An_unchanged_restore_reuses_the_gates_summary()
        {
            var (scratch, state, inputs, _) = Passed();
            using (scratch)
            {
                Assert.AreEqual("summary text", GateState.TryReuse(state));
                Assert.AreEqual("summary text", GateState.TryReuse(state, "settings-1", inputs));
            }
        }

        [TestMethod]
        public void Another_policy_or_another_list_of_inputs_runs_the_gate_again()
        {
            var (scratch, state, inputs, _) = Passed();
            using (scratch)
            {
                Assert.IsNull(GateState.TryReuse(state, "settings-2", inputs));
                Assert.IsNull(GateState.TryReuse(state, "settings-1", new[] { inputs[0], Path.Combine(scratch.Path, "Directory.Build.props") }));
            }
        }

        [TestMethod]
        public void A_changed_input_or_package_file_runs_the_gate_again_even_with_its_time_put_back()
        {
            var (scratch, state, inputs, folder) = Passed();
            using (scratch)
            {
                string dll = Path.Combine(folder, "lib", "Acme.Lib.dll");
                DateTime written = File.GetLastWriteTimeUtc(dll);
                System.Threading.Thread.Sleep(30);
                File.WriteAllText(dll, "BYTES");
                File.SetLastWriteTimeUtc(dll, written);
                Assert.IsNull(GateState.TryReuse(state), "a same-size rewrite with its time put back");
            }
            var (scratch2, state2, inputs2, _) = Passed();
            using (scratch2)
            {
                File.AppendAllText(inputs2[0], " ");
                Assert.IsNull(GateState.TryReuse(state2), "a changed assets file");
            }
        }

        [TestMethod]
        public void A_package_changed_while_the_gate_ran_is_never_recorded_as_passed()
        {
            using var scratch = new ScratchDirectory();
            string input = scratch.File("obj/project.assets.json", "{}");
            string folder = Path.GetDirectoryName(Path.GetDirectoryName(scratch.File("packages/a/1.0.0/lib/a.dll", "one"))!)!;
            string state = Path.Combine(scratch.Path, "obj", "gate");
            string? before = Provenance.Packages.VerificationStamp.FilesDigest(new[] { folder });
            File.WriteAllText(Path.Combine(folder, "lib", "a.dll"), "two, longer");

            GateState.WritePass(state, new[] { input }, GateState.DigestInputs(new[] { input }), new[] { folder }, before, "summary", "s");

            Assert.IsFalse(File.Exists(state));
        }

        [TestMethod]
        public void A_state_file_of_another_shape_is_no_state()
        {
            using var scratch = new ScratchDirectory();
            string state = scratch.File("obj/gate", "provenance-gate-state 2\ninputs x\nfiles y\nsummary z\nsettings s\nsomething else\n");
            Assert.IsNull(GateState.TryReuse(state));
        }
    }
}
