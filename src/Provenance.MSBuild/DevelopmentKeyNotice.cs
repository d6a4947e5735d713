using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using Microsoft.Build.Framework;

namespace Provenance.MSBuild
{
    /// <summary>
    /// PROV1020 ("signed with the development key") once per build invocation, not once per MSBuild node. Within a
    /// node the build-lifetime task object registry decides; across the nodes of one build, a marker file named after
    /// the build's entry process (the node's parent when this is a worker node) is created exclusively, and only its
    /// creator speaks. Markers live beside the development key and are removed after a day.
    /// </summary>
    internal static class DevelopmentKeyNotice
    {
        private static readonly TimeSpan MarkerLifetime = TimeSpan.FromDays(1);

        public static bool FirstInThisBuild(IBuildEngine engine, string? developmentKeyPath)
        {
            if (!BuildCache.FirstTime(engine, "development-key-notice")) return false;
            string? directory = string.IsNullOrEmpty(developmentKeyPath) ? null : Path.GetDirectoryName(Path.GetFullPath(developmentKeyPath!));
            if (directory == null) return true;
            try
            {
                string markers = Path.Combine(directory, "notices");
                Directory.CreateDirectory(markers);
                RemoveOldMarkers(markers);
                using (new FileStream(Path.Combine(markers, BuildIdentity()), FileMode.CreateNew, FileAccess.Write)) { }
                return true;
            }
            catch (IOException)
            {
                // The marker exists: another node of this build has said it. (Any other I/O trouble: say it again.)
                return !MarkerExists(directory);
            }
            catch (UnauthorizedAccessException)
            {
                return true;
            }
        }

        /// <summary>
        /// A warning under the terminal logger, which shows warnings but no message; a high-importance message
        /// otherwise (CI logs, -tl:off), where it is seen and cannot fail a -warnaserror build. MSBuild tells its nodes
        /// whether the terminal logger is on through _MSBUILDTLENABLED.
        /// </summary>
        public static bool AsWarning() =>
            string.Equals(Environment.GetEnvironmentVariable("_MSBUILDTLENABLED"), "1", StringComparison.Ordinal);

        private static bool MarkerExists(string directory)
        {
            try { return File.Exists(Path.Combine(directory, "notices", BuildIdentity())); }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException) { return false; }
        }

        private static void RemoveOldMarkers(string markers)
        {
            foreach (string file in Directory.GetFiles(markers))
            {
                try
                {
                    if (DateTime.UtcNow - File.GetLastWriteTimeUtc(file) > MarkerLifetime) File.Delete(file);
                }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException) { }
            }
        }

        /// <summary>
        /// The entry process of this build, as "pid-starttime": this process, or on Linux its parent when this process
        /// is a worker node (started with /nodemode) whose parent is still a dotnet or MSBuild process. A reused node
        /// whose build has ended has another parent and falls back to itself: at worst one notice per node.
        /// </summary>
        private static string BuildIdentity()
        {
            int self;
            using (Process current = Process.GetCurrentProcess()) self = current.Id;
            if (IsWorkerNode() && File.Exists("/proc/self/stat"))
            {
                int? parent = ParentOf(self);
                if (parent is int ppid && ppid > 1 && LooksLikeBuildHost(ppid)) return Identity(ppid);
            }
            return Identity(self);
        }

        private static bool IsWorkerNode() =>
            Environment.GetCommandLineArgs().Any(a => a.IndexOf("nodemode", StringComparison.OrdinalIgnoreCase) >= 0);

        private static string Identity(int pid) => pid.ToString(CultureInfo.InvariantCulture) + "-" + StartTime(pid);

        private static string StartTime(int pid)
        {
            // Field 22 of /proc/<pid>/stat (after the parenthesised command name) is the start time in clock ticks.
            string[]? fields = StatFields(pid);
            if (fields != null && fields.Length > 19) return fields[19];
            try { using (Process process = Process.GetProcessById(pid)) return process.StartTime.ToUniversalTime().Ticks.ToString(CultureInfo.InvariantCulture); }
            catch (Exception e) when (e is ArgumentException || e is InvalidOperationException || e is System.ComponentModel.Win32Exception || e is NotSupportedException) { return "0"; }
        }

        private static int? ParentOf(int pid)
        {
            string[]? fields = StatFields(pid);
            return fields != null && fields.Length > 1 && int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out int ppid) ? ppid : (int?)null;
        }

        /// <summary>The fields after "pid (comm) ": state, ppid, ...; null when /proc cannot be read.</summary>
        private static string[]? StatFields(int pid)
        {
            try
            {
                string stat = File.ReadAllText("/proc/" + pid.ToString(CultureInfo.InvariantCulture) + "/stat");
                int close = stat.LastIndexOf(')');
                return close < 0 ? null : stat.Substring(close + 2).Split(' ');
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException) { return null; }
        }

        private static bool LooksLikeBuildHost(int pid)
        {
            try
            {
                string commandLine = File.ReadAllText("/proc/" + pid.ToString(CultureInfo.InvariantCulture) + "/cmdline");
                return commandLine.IndexOf("dotnet", StringComparison.OrdinalIgnoreCase) >= 0 || commandLine.IndexOf("MSBuild", StringComparison.OrdinalIgnoreCase) >= 0;
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException) { return false; }
        }
    }
}
