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
        public static void WritePass(string stateFile, IReadOnlyList<string> inputs, string inputsBefore, IReadOnlyList<string> folders, string? filesBefore, string summary, string settings, bool remember = false)
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
            if (remember) Remember(stateFile);
        }

        /// <summary>
        /// The gate's summary when nothing it depended on changed; null means "run the gate". With
        /// <paramref name="settings"/> (the restore's own shortcut) the declared policy must also be the same.
        /// </summary>
        /// <param name="remember">The restore gate: remember this listing for the build that follows in this process.</param>
        /// <param name="acceptRecent">A build's first check: accept such a listing when it is a few seconds old.</param>
        public static string? TryReuse(string stateFile, string? settings = null, IReadOnlyList<string>? inputs = null, bool remember = false, bool acceptRecent = false)
        {
            GateState? state = Read(stateFile);
            if (state == null || DigestInputs(state.Inputs) != state.InputsDigest) return null;
            if (settings != null && settings != state.Settings) return null;
            if (inputs != null && !inputs.Select(Path.GetFullPath).SequenceEqual(state.Inputs, StringComparer.Ordinal)) return null;
            if (acceptRecent && RecentlyChecked(stateFile)) return state.Summary;
            if (VerificationStamp.FilesDigest(state.Folders) != state.FilesDigest) return null;
            if (remember) Remember(stateFile);
            return state.Summary;
        }

        // `dotnet build` restores and then builds in one process: the build's first check comes a moment after the restore
        // gate listed every package file. Listing 3,000 files again costs more than the whole no-op budget, and a file
        // changed within those seconds could as well be changed right after any check (the compiler reads later anyway),
        // so a listing the restore gate made in this process of the same state file in the last few seconds is taken as
        // is. The inputs (assets file, policy files, keys) are still checked every time; they are few. A separate
        // `dotnet build --no-restore` runs in a new process and lists everything again.
        private static readonly TimeSpan RecentWindow = TimeSpan.FromSeconds(10);
        private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, (string Stamp, DateTime At)> Recent =
            new System.Collections.Concurrent.ConcurrentDictionary<string, (string, DateTime)>(StringComparer.Ordinal);

        private static string StateStamp(string stateFile)
        {
            var info = new FileInfo(stateFile);
            return info.Exists ? info.Length + "|" + info.LastWriteTimeUtc.Ticks : "";
        }

        private static void Remember(string stateFile) => Recent[Path.GetFullPath(stateFile)] = (StateStamp(stateFile), DateTime.UtcNow);

        private static bool RecentlyChecked(string stateFile) =>
            Recent.TryGetValue(Path.GetFullPath(stateFile), out var seen) && seen.Stamp.Length > 0 &&
            seen.Stamp == StateStamp(stateFile) && DateTime.UtcNow - seen.At < RecentWindow;

        public static void Delete(string stateFile)
        {
            Recent.TryRemove(Path.GetFullPath(stateFile), out _);
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
