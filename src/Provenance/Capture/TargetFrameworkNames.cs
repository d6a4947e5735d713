using System;
using System.Globalization;

namespace Provenance.Capture
{
    /// <summary>
    /// Short framework names to the long form older assets files (version 3) key their targets by. Only the
    /// families a project can target today; platform frameworks (net8.0-windows) keep their short name there.
    /// </summary>
    internal static class TargetFrameworkNames
    {
        public static string? ToLongName(string shortName)
        {
            string name = shortName.Trim().ToLowerInvariant();
            if (name.IndexOf('-') >= 0) return null;
            if (TryVersionAfter(name, "netcoreapp", out string? version)) return ".NETCoreApp,Version=v" + version;
            if (TryVersionAfter(name, "netstandard", out version)) return ".NETStandard,Version=v" + version;
            if (name.StartsWith("net", StringComparison.Ordinal))
            {
                string digits = name.Substring(3);
                if (digits.IndexOf('.') >= 0 && TryVersionAfter(name, "net", out version)) return ".NETCoreApp,Version=v" + version; // net5.0+
                if (digits.Length >= 2 && digits.Length <= 3 && IsDigits(digits)) return ".NETFramework,Version=v" + string.Join(".", Split(digits)); // net472
            }
            return null;
        }

        private static bool TryVersionAfter(string name, string prefix, out string? version)
        {
            version = null;
            if (!name.StartsWith(prefix, StringComparison.Ordinal)) return false;
            string rest = name.Substring(prefix.Length);
            if (rest.Length == 0) return false;
            foreach (string part in rest.Split('.'))
            {
                if (part.Length == 0 || !IsDigits(part)) return false;
            }
            version = rest.IndexOf('.') >= 0 ? rest : string.Join(".", Split(rest)); // netcoreapp31 -> 3.1
            return true;
        }

        private static string[] Split(string digits)
        {
            var parts = new string[digits.Length];
            for (int i = 0; i < digits.Length; i++) parts[i] = digits[i].ToString(CultureInfo.InvariantCulture);
            return parts;
        }

        private static bool IsDigits(string s)
        {
            foreach (char c in s)
            {
                if (c < '0' || c > '9') return false;
            }
            return s.Length > 0;
        }
    }
}
