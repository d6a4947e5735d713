using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Provenance.Packages;

namespace Provenance.Gate
{
    /// <summary>
    /// What a passed restore gate hands to the builds that follow it: the files the verdict depended on (assets file,
    /// the files declaring the policy, trusted keys, lock file, global.json, dotnet-tools.json) and every package
    /// file, by the stamps of <see cref="VerificationStamp"/>. A build whose inputs and package files are exactly as
    /// the gate left them repeats the gate's summary; anything else (a restore the gate did not see, a changed policy
    /// file, a package file changed since) makes the build run the gate again, package-free, before anything else.
    /// Written only after a pass; a failed gate deletes it.
    /// </summary>
    public sealed class GateState
    {
        private const string Header = "provenance-gate-state 2";

        private GateState(string inputsDigest, IReadOnlyList<string> inputs, string filesDigest, IReadOnlyList<string> folders, string summary, string settings)
        {
            InputsDigest = inputsDigest;
            Inputs = inputs;
            FilesDigest = filesDigest;
            Folders = folders;
            Summary = summary;
            Settings = settings;
        }

        /// <summary>A digest of what the gate decided with besides files (the policy as declared, the gate's version).</summary>
        public string Settings { get; }

        public string InputsDigest { get; }
        public IReadOnlyList<string> Inputs { get; }
        public string FilesDigest { get; }
        public IReadOnlyList<string> Folders { get; }
        public string Summary { get; }

        /// <summary>The stamps of the gate's inputs, taken before it verified: a change while it ran is never recorded as passed.</summary>
        public static string DigestInputs(IEnumerable<string> inputs) =>
            VerificationStamp.SettingsDigest(Header, inputs.Select(Path.GetFullPath));

        /// <summary>
        /// Records a pass. The digests were taken before the gate verified; if a package file or an input changed
        /// meanwhile, nothing is recorded and the next build verifies again.
        /// </summary>
        public static void WritePass(string stateFile, IReadOnlyList<string> inputs, string inputsBefore, IReadOnlyList<string> folders, string? filesBefore, string summary, string settings)
        {
            string? files = VerificationStamp.FilesDigest(folders);
            if (files == null || files != filesBefore || DigestInputs(inputs) != inputsBefore)
            {
                Delete(stateFile);
                return;
            }
            var text = new StringBuilder().Append(Header).Append('\n')
                .Append("inputs ").Append(inputsBefore).Append('\n')
                .Append("files ").Append(files).Append('\n')
                .Append("summary ").Append(summary.Replace('\n', ' ')).Append('\n')
                .Append("settings ").Append(settings).Append('\n');
            foreach (string input in inputs) text.Append("input ").Append(Path.GetFullPath(input)).Append('\n');
            foreach (string folder in folders) text.Append("folder ").Append(folder).Append('\n');
            AtomicFile.Write(stateFile, new UTF8Encoding(false).GetBytes(text.ToString()));
        }

        /// <summary>
        /// The gate's summary when nothing it depended on changed; null means "run the gate". With
        /// <paramref name="settings"/> (the restore's own shortcut) the declared policy must also be the same.
        /// </summary>
        public static string? TryReuse(string stateFile, string? settings = null, IReadOnlyList<string>? inputs = null)
        {
            GateState? state = Read(stateFile);
            if (state == null || DigestInputs(state.Inputs) != state.InputsDigest) return null;
            if (settings != null && settings != state.Settings) return null;
            if (inputs != null && !inputs.Select(Path.GetFullPath).SequenceEqual(state.Inputs, StringComparer.Ordinal)) return null;
            return VerificationStamp.FilesDigest(state.Folders) == state.FilesDigest ? state.Summary : null;
        }

        public static void Delete(string stateFile)
        {
            if (File.Exists(stateFile)) File.Delete(stateFile);
        }

        private static GateState? Read(string stateFile)
        {
            string[] lines;
            try
            {
                if (!File.Exists(stateFile)) return null;
                lines = File.ReadAllLines(stateFile);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                return null;
            }
            if (lines.Length < 5 || lines[0] != Header) return null;
            string? inputsDigest = Value(lines[1], "inputs "), files = Value(lines[2], "files "), summary = Value(lines[3], "summary "), settings = Value(lines[4], "settings ");
            if (inputsDigest == null || files == null || summary == null || settings == null) return null;
            var inputs = new List<string>();
            var folders = new List<string>();
            foreach (string line in lines.Skip(5))
            {
                if (Value(line, "input ") is string input) inputs.Add(input);
                else if (Value(line, "folder ") is string folder) folders.Add(folder);
                else return null;
            }
            return new GateState(inputsDigest, inputs, files, folders, summary, settings);
        }

        private static string? Value(string line, string prefix) =>
            line.StartsWith(prefix, StringComparison.Ordinal) ? line.Substring(prefix.Length) : null;
    }
}
