using System;
using Microsoft.Build.Framework;

namespace Provenance.MSBuild
{
    /// <summary>
    /// State shared by every project of one build in this node (a loaded key, file digests, the dirty check of a
    /// repository), so that a solution of many projects pays for it once. Build lifetime: a later build in a reused
    /// node starts afresh, so an edited key or repository is always seen.
    /// </summary>
    internal static class BuildCache
    {
        public static T GetOrAdd<T>(IBuildEngine engine, string key, Func<T> create) where T : class
        {
            if (!(engine is IBuildEngine4 engine4)) return create();
            string fullKey = "Provenance.MSBuild:" + key;
            if (engine4.GetRegisteredTaskObject(fullKey, RegisteredTaskObjectLifetime.Build) is T existing) return existing;
            // Two tasks of one node may both create the value; the registry keeps one. Creation is idempotent.
            T created = create();
            if (engine4.GetRegisteredTaskObject(fullKey, RegisteredTaskObjectLifetime.Build) is T raced) return raced;
            engine4.RegisterTaskObject(fullKey, created, RegisteredTaskObjectLifetime.Build, allowEarlyCollection: false);
            return created;
        }

        /// <summary>True the first time it is asked for <paramref name="key"/> in this build (per node).</summary>
        public static bool FirstTime(IBuildEngine engine, string key)
        {
            var marker = new object();
            return ReferenceEquals(GetOrAdd(engine, "once:" + key, () => marker), marker);
        }
    }
}
